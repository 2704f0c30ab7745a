// Live events over socket.io (CONTRACT.md §4). One connection per session, with the
// token in the handshake; the server puts the socket in its user, agency, role-in-agency
// and (managers) dashboard rooms. Task events raise a visible notification wherever the
// clerk is; screens subscribe to refetch what they show.
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { io, type Socket } from 'socket.io-client';
import { useI18n } from '../i18n/index.js';
import { useSession } from '../session.js';
import { useToasts } from '../components/Toasts.js';

export type LiveEventName = 'task:assigned' | 'task:dueSoon' | 'task:overdue' | 'dossier:updated' | 'dashboard:changed';
export const LIVE_EVENTS: LiveEventName[] = ['task:assigned', 'task:dueSoon', 'task:overdue', 'dossier:updated', 'dashboard:changed'];

export interface LivePayload {
  dossierId?: string;
  taskId?: string;
  dossierCode?: string;
  name?: string;
  dueAt?: string | null;
  escalationLevel?: number;
  [key: string]: unknown;
}

type Listener = (event: LiveEventName, payload: LivePayload) => void;
export type LiveStatus = 'offline' | 'connecting' | 'online';

interface LiveValue {
  status: LiveStatus;
  subscribe(listener: Listener): () => void;
}

const LiveContext = createContext<LiveValue | null>(null);

export function LiveProvider({ children }: { children: ReactNode }) {
  const { token } = useSession();
  const { t } = useI18n();
  const { notify } = useToasts();
  const [status, setStatus] = useState<LiveStatus>('offline');
  const listeners = useRef(new Set<Listener>());
  // The latest translations for the socket handlers, without reconnecting on a language switch.
  const tRef = useRef(t);
  tRef.current = t;
  const notifyRef = useRef(notify);
  notifyRef.current = notify;

  useEffect(() => {
    if (!token) {
      setStatus('offline');
      return;
    }
    setStatus('connecting');
    const socket: Socket = io({ auth: { token }, transports: ['websocket', 'polling'], reconnectionDelayMax: 10_000 });
    socket.on('connect', () => setStatus('online'));
    socket.on('disconnect', () => setStatus('connecting'));
    socket.on('connect_error', () => setStatus('offline'));
    for (const event of LIVE_EVENTS) {
      socket.on(event, (raw: unknown) => {
        const payload = (raw && typeof raw === 'object' ? raw : {}) as LivePayload;
        const task = (payload.task && typeof payload.task === 'object' ? payload.task : payload) as LivePayload;
        const merged: LivePayload = { ...task, ...payload };
        const tr = tRef.current;
        const what = { name: String(merged.name ?? ''), code: String(merged.dossierCode ?? merged.code ?? '') };
        const href = merged.dossierId ? `/ho-so/${encodeURIComponent(String(merged.dossierId))}` : undefined;
        if (event === 'task:assigned') notifyRef.current({ kind: 'info', title: tr('live.assigned'), body: tr('live.taskBody', what), href });
        if (event === 'task:dueSoon') notifyRef.current({ kind: 'warning', title: tr('live.dueSoon'), body: tr('live.taskBody', what), href, timeout: 0 });
        if (event === 'task:overdue') notifyRef.current({ kind: 'danger', title: tr('live.overdue'), body: tr('live.taskBody', what), href });
        for (const listener of listeners.current) listener(event, merged);
      });
    }
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [token]);

  const value = useMemo<LiveValue>(
    () => ({
      status,
      subscribe(listener) {
        listeners.current.add(listener);
        return () => listeners.current.delete(listener);
      },
    }),
    [status],
  );
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLiveStatus(): LiveStatus {
  return useContext(LiveContext)?.status ?? 'offline';
}

/** Calls `handler` for each of `events`; the handler may change between renders. */
export function useLiveEvents(events: LiveEventName[], handler: (event: LiveEventName, payload: LivePayload) => void): void {
  const live = useContext(LiveContext);
  const ref = useRef(handler);
  ref.current = handler;
  const key = events.join(',');
  useEffect(() => {
    if (!live) return;
    const wanted = new Set(key.split(','));
    return live.subscribe((event, payload) => {
      if (wanted.has(event)) ref.current(event, payload);
    });
  }, [live, key]);
}
