// Who is logged in. The token lives in localStorage so a reload keeps the session. Sign-in
// runs on real time (CONTRACT.md §6.1): a token lives a couple of hours and the page
// renews it while the clerk works (POST /api/auth/refresh), up to the session's hard cap
// after the login (server/auth/tokens.ts); five minutes before it would end the page
// warns instead of dropping the clerk's work (sessionTiming.ts decides when). A 401 ends it.
// What the user may do comes from GET /api/auth/me — after the login, on start with a
// stored session, and after each renewal (an admin may have changed the roles) — and is
// kept in memory only: the screens ask `can(action)` (access.ts), never for a role.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Action } from '../../contract/index.js';
import { canFrom, type Can } from './access.js';
import { onSessionExpired, setToken } from './api/client.js';
import { api } from './api/endpoints.js';
import type { Me, User } from './api/types.js';
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

/** The user as the login presents it, from what /auth/me adds. */
function userOf(me: Me): User {
  const { agency: _agency, permissions: _permissions, ...user } = me;
  return user;
}

interface SessionValue {
  user: User | null;
  /** What the permission table lets the user do; null until /auth/me has answered. */
  permissions: readonly Action[] | null;
  /** Why /auth/me did not answer (the page offers to ask again). */
  permissionsError: unknown;
  /** Asks /auth/me again. */
  reloadPermissions(): Promise<void>;
  /** May the user attempt `action`? False while the permissions are unknown. */
  can: Can;
  token: string | null;
  /** Stable for one login, unchanged by renewals (the live socket keeps its connection). */
  sessionKey: string | null;
  /** Set when the last session ended because the server refused its token. */
  expired: boolean;
  /** Set in the last minutes before the token or the session ends. */
  warning: SessionWarning | null;
  /** Logs in and learns what the user may do; answers both. */
  login(username: string, password: string): Promise<{ user: User; can: Can }>;
  logout(): void;
  /** A fresh token for the same login (the warning's "stay signed in"). */
  renew(): Promise<void>;
  /** Called with each renewed token (the live socket takes it with `session:renew`). */
  onRenewed(listener: (token: string) => void): () => void;
  /** Changes one's own password; this page keeps working with the fresh token, every other session ends. */
  changePassword(current: string, next: string): Promise<void>;
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
  const [permissions, setPermissions] = useState<readonly Action[] | null>(null);
  const [permissionsError, setPermissionsError] = useState<unknown>(null);
  const lastActivity = useRef(0);
  const renewing = useRef<Promise<void> | null>(null);
  const renewedListeners = useRef(new Set<(token: string) => void>());

  // The session as last kept, ahead of the next render (a renewal right after a change of
  // user must not write the older one back).
  const storedRef = useRef(stored);
  storedRef.current = stored;

  const keep = useCallback((next: Stored) => {
    storedRef.current = next;
    localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    setToken(next.token);
    setStored(next);
  }, []);

  const logout = useCallback(() => {
    storedRef.current = null;
    localStorage.removeItem(STORAGE_KEY);
    setToken(null);
    setStored(null);
    setWarning(null);
    setPermissions(null);
    setPermissionsError(null);
  }, []);

  const end = useCallback(() => {
    setExpired(true);
    logout();
  }, [logout]);

  useEffect(() => {
    onSessionExpired(end);
  }, [end]);

  const renewRef = useRef<() => Promise<void>>(async () => undefined);

  /** Reads /auth/me with the current token; an answer for a token since replaced is dropped. */
  const loadPermissions = useCallback(async () => {
    const asked = storedRef.current;
    if (!asked) return;
    try {
      const me = await api.me();
      const current = storedRef.current;
      if (!current || current.user.username !== asked.user.username) return;
      const user = userOf(me);
      if (JSON.stringify(user) !== JSON.stringify(current.user)) keep({ ...current, user });
      setPermissions(me.permissions);
      setPermissionsError(null);
      // An admin changed the roles since the token was signed: a renewed token carries the
      // new ones, so the server's checks agree with what the screens now offer.
      if (JSON.stringify([...me.roles].sort()) !== JSON.stringify([...asked.user.roles].sort())) void renewRef.current().catch(() => {});
    } catch (error) {
      // A refused token ends the session (client.ts); anything else is offered again.
      if (storedRef.current?.user.username === asked.user.username) setPermissionsError(error);
    }
  }, [keep]);

  const login = useCallback(
    async (username: string, password: string) => {
      const result = await api.login(username, password);
      const next: Stored = { token: result.token, user: result.user, sessionEndsAt: result.sessionEndsAt, receivedAt: Date.now() };
      // The permissions first, with the new token: no screen is shown before they are known.
      setToken(result.token);
      let me: Me;
      try {
        me = await api.me();
      } catch (error) {
        setToken(storedRef.current?.token ?? null);
        throw error;
      }
      const user = userOf(me);
      keep({ ...next, user });
      setPermissions(me.permissions);
      setPermissionsError(null);
      setExpired(false);
      setWarning(null);
      return { user, can: canFrom(me.permissions) };
    },
    [keep],
  );

  // A session stored by an earlier visit: learn what it may do before any screen shows.
  useEffect(() => {
    if (initial) void loadPermissions();
  }, [loadPermissions]);

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
        // The renewed token carries the roles the account has now; so may the screens.
        void loadPermissions();
      } finally {
        renewing.current = null;
      }
    })();
    return renewing.current;
  }, [keep, loadPermissions]);
  renewRef.current = renew;

  const changePassword = useCallback(
    async (currentPassword: string, nextPassword: string) => {
      const result = await api.changePassword(currentPassword, nextPassword);
      const current = storedRef.current;
      if (!current) return;
      // The old token is refused from now on (its version is behind): keep the new one and
      // hand it to the live socket, as a renewal would.
      keep({ ...current, token: result.token, sessionEndsAt: result.sessionEndsAt, receivedAt: Date.now() });
      for (const listener of renewedListeners.current) listener(result.token);
    },
    [keep],
  );

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
      permissions: stored ? permissions : null,
      permissionsError: stored ? permissionsError : null,
      reloadPermissions: loadPermissions,
      can: canFrom(stored ? permissions : null),
      token: stored?.token ?? null,
      sessionKey: stored ? `${stored.user.username}` : null,
      expired,
      warning,
      login,
      logout,
      renew,
      changePassword,
      onRenewed(listener) {
        renewedListeners.current.add(listener);
        return () => renewedListeners.current.delete(listener);
      },
    }),
    [stored, permissions, permissionsError, loadPermissions, expired, warning, login, logout, renew, changePassword],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
