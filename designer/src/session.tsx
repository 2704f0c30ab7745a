// Who is logged in. The token lives in localStorage so a reload keeps the session. Sign-in
// runs on real time (CONTRACT.md §6.1): a token lives a couple of hours and the page
// renews it while the clerk works (POST /api/auth/refresh), up to the session's hard cap
// after the login (server/auth/tokens.ts); five minutes before it would end the page
// warns instead of dropping the clerk's work (sessionTiming.ts decides when). A 401 ends it.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { onSessionExpired, setToken } from './api/client.js';
import { api } from './api/endpoints.js';
import type { User } from './api/types.js';
import { adviseSession, timingOf, type SessionTiming } from './sessionTiming.js';

const STORAGE_KEY = 'motcua.session';

interface Stored {
  token: string;
  user: User;
  sessionEndsAt?: string;
  /** Browser-clock ms the token was received at (its life is counted from here). */
  receivedAt?: number;
}

function readStored(): Stored | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Stored;
    return parsed.token && parsed.user ? parsed : null;
  } catch {
    return null;
  }
}

/** What the page tells the user before the sign-in ends. */
export interface SessionWarning {
  /** Browser-clock ms at which it ends. */
  at: number;
  /** The session's hard cap: no renewal, only a new login. */
  final: boolean;
}

interface SessionValue {
  user: User | null;
  token: string | null;
  /** Stable for one login, unchanged by renewals (the live socket keeps its connection). */
  sessionKey: string | null;
  /** Set when the last session ended because the server refused its token. */
  expired: boolean;
  /** Set in the last minutes before the token or the session ends. */
  warning: SessionWarning | null;
  login(username: string, password: string): Promise<User>;
  logout(): void;
  /** A fresh token for the same login (the warning's "stay signed in"). */
  renew(): Promise<void>;
  /** Called with each renewed token (the live socket takes it with `session:renew`). */
  onRenewed(listener: (token: string) => void): () => void;
  hasRole(...roles: string[]): boolean;
}

const SessionContext = createContext<SessionValue | null>(null);

// Read once at start so the first request of the first render already carries the token.
const initial = readStored();
setToken(initial?.token ?? null);

/** How often the page looks at its sign-in. */
const CHECK_EVERY_MS = 15_000;

export function SessionProvider({ children }: { children: ReactNode }) {
  const [stored, setStored] = useState<Stored | null>(initial);
  const [expired, setExpired] = useState(false);
  const [warning, setWarning] = useState<SessionWarning | null>(null);
  const lastActivity = useRef(0);
  const renewing = useRef<Promise<void> | null>(null);
  const renewedListeners = useRef(new Set<(token: string) => void>());

  const keep = useCallback((next: Stored) => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    setToken(next.token);
    setStored(next);
  }, []);

  const logout = useCallback(() => {
    localStorage.removeItem(STORAGE_KEY);
    setToken(null);
    setStored(null);
    setWarning(null);
  }, []);

  const end = useCallback(() => {
    setExpired(true);
    logout();
  }, [logout]);

  useEffect(() => {
    onSessionExpired(end);
  }, [end]);

  const login = useCallback(
    async (username: string, password: string) => {
      const result = await api.login(username, password);
      keep({ token: result.token, user: result.user, sessionEndsAt: result.sessionEndsAt, receivedAt: Date.now() });
      setExpired(false);
      setWarning(null);
      return result.user;
    },
    [keep],
  );

  const storedRef = useRef(stored);
  storedRef.current = stored;

  const renew = useCallback(async () => {
    const current = storedRef.current;
    if (!current) return;
    renewing.current ??= (async () => {
      try {
        const result = await api.refresh();
        const next = { ...current, token: result.token, sessionEndsAt: result.sessionEndsAt, receivedAt: Date.now() };
        keep(next);
        setWarning(null);
        for (const listener of renewedListeners.current) listener(result.token);
      } finally {
        renewing.current = null;
      }
    })();
    return renewing.current;
  }, [keep]);

  // The clerk is at work: a key or a click since the token came means "renew when due".
  useEffect(() => {
    const seen = () => {
      lastActivity.current = Date.now();
    };
    window.addEventListener('pointerdown', seen, true);
    window.addEventListener('keydown', seen, true);
    return () => {
      window.removeEventListener('pointerdown', seen, true);
      window.removeEventListener('keydown', seen, true);
    };
  }, []);

  useEffect(() => {
    if (!stored) return;
    // A session stored by an older page has no receipt instant: count from now.
    const timing: SessionTiming | null = timingOf(stored.token, stored.sessionEndsAt, stored.receivedAt ?? Date.now());
    if (!timing) return;
    const check = () => {
      const advice = adviseSession(timing, Date.now(), lastActivity.current);
      if (advice.kind === 'expired') end();
      else if (advice.kind === 'renew') renew().catch(() => {});
      else if (advice.kind === 'warn') setWarning((w) => (w && w.at === advice.at && w.final === advice.final ? w : { at: advice.at, final: advice.final }));
      else setWarning(null);
    };
    check();
    const timer = setInterval(check, CHECK_EVERY_MS);
    return () => clearInterval(timer);
  }, [stored, end, renew]);

  const value = useMemo<SessionValue>(
    () => ({
      user: stored?.user ?? null,
      token: stored?.token ?? null,
      sessionKey: stored ? `${stored.user.username}` : null,
      expired,
      warning,
      login,
      logout,
      renew,
      onRenewed(listener) {
        renewedListeners.current.add(listener);
        return () => renewedListeners.current.delete(listener);
      },
      hasRole: (...roles: string[]) => !!stored && roles.some((r) => stored.user.roles.includes(r)),
    }),
    [stored, expired, warning, login, logout, renew],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The first screen each role works on. */
export function homeFor(user: User): string {
  const roles = user.roles;
  if (roles.includes('admin')) return '/quy-trinh';
  if (roles.includes('manager')) return '/bao-cao';
  if (roles.includes('reception')) return '/tiep-nhan';
  return '/viec-can-lam';
}
