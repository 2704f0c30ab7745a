// Who is logged in. The token lives in localStorage so a reload keeps the session for
// the token's lifetime (one working day, server/auth/tokens.ts); a 401 ends it.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { onSessionExpired, setToken } from './api/client.js';
import { api } from './api/endpoints.js';
import type { User } from './api/types.js';

const STORAGE_KEY = 'motcua.session';

interface Stored {
  token: string;
  user: User;
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

interface SessionValue {
  user: User | null;
  token: string | null;
  /** Set when the last session ended because the server refused its token. */
  expired: boolean;
  login(username: string, password: string): Promise<User>;
  logout(): void;
  hasRole(...roles: string[]): boolean;
}

const SessionContext = createContext<SessionValue | null>(null);

// Read once at start so the first request of the first render already carries the token.
const initial = readStored();
setToken(initial?.token ?? null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [stored, setStored] = useState<Stored | null>(initial);
  const [expired, setExpired] = useState(false);

  const logout = useCallback(() => {
    localStorage.removeItem(STORAGE_KEY);
    setToken(null);
    setStored(null);
  }, []);

  useEffect(() => {
    onSessionExpired(() => {
      setExpired(true);
      logout();
    });
  }, [logout]);

  const login = useCallback(async (username: string, password: string) => {
    const result = await api.login(username, password);
    const next = { token: result.token, user: result.user };
    localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    setToken(result.token);
    setExpired(false);
    setStored(next);
    return result.user;
  }, []);

  const value = useMemo<SessionValue>(
    () => ({
      user: stored?.user ?? null,
      token: stored?.token ?? null,
      expired,
      login,
      logout,
      hasRole: (...roles: string[]) => !!stored && roles.some((r) => stored.user.roles.includes(r)),
    }),
    [stored, expired, login, logout],
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
