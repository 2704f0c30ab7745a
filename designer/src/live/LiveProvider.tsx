// Live events over socket.io (CONTRACT.md §4). One connection per session, with the
// token in the handshake; the server puts the socket in its user, agency, role-in-agency
// and (managers) dashboard rooms. Task events raise a visible notification wherever the
// clerk is; screens subscribe to refetch what they show.
//
// One event, one notification: the outbox is delivered at least once (a commit that
// fails after sending sends again, server/live/publisher.ts), so a repeat of an event
// already shown for the same task and escalation level raises nothing; a higher level
// for the same task (the clock jumped past two rungs at once) takes the place of the
// lower one's notification instead of stacking an identical-looking second one (and an
// overdue one that of the task's due-soon warning). Each event is still subscribed once:
// one socket per session, one handler per event name (removed with the socket).
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { io, type Socket } from 'socket.io-client';
import { useI18n } from '../i18n/index.js';
import { useSession } from '../session.js';
import { useToasts } from '../components/Toasts.js';
import { notificationIdentity, REMEMBERED, type LiveEventName, type LivePayload } from './notifications.js';

export type { LiveEventName, LivePayload };
export { LIVE_EVENTS } from '../../../contract/index.js';
import { LIVE_EVENTS } from '../../../contract/index.js';

type Listener = (event: LiveEventName, payload: LivePayload) => void;

export type LiveStatus = 'offline' | 'connecting' | 'online';

interface LiveValue {
  status: LiveStatus;
  subscribe(listener: Listener): () => void;
}

const LiveContext = createContext<LiveValue | null>(null);

export function LiveProvider({ children }: { children: ReactNode }) {
  const { token, sessionKey, onRenewed } = useSession();
  // The socket lives for the login, not for one token: a renewal hands it the new token.
  const tokenRef = useRef(token);
  tokenRef.current = token;
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
    const token = tokenRef.current;
    if (!sessionKey || !token) {
      setStatus('offline');
      return;
    }
    /** Per notification slot of this session, the highest rank notified (notifications.ts). */
    const notified = new Map<string, number>();
    setStatus('connecting');
    const auth = { token };
    const socket: Socket = io({ auth, transports: ['websocket', 'polling'], reconnectionDelayMax: 10_000 });
    // A renewed token: the open socket takes it (server/live/gateway.ts), and a reconnection uses it.
    const stopRenewals = onRenewed((renewed) => {
      auth.token = renewed;
      socket.emit('session:renew', { token: renewed });
    });
    // The token the open socket was let in with: after a password change the server closes
    // a socket of the older token (session:expired); the page then comes back with the new one.
    let connectedWith = auth.token;
    socket.on('connect', () => {
      connectedWith = auth.token;
      setStatus('online');
    });
    socket.on('disconnect', (reason) => {
      setStatus('connecting');
      if (reason === 'io server disconnect') {
        setTimeout(() => {
          if (auth.token !== connectedWith && !socket.connected) socket.connect();
        }, 500);
      }
    });
    socket.on('connect_error', () => setStatus('offline'));
    for (const event of LIVE_EVENTS) {
      socket.on(event, (raw: unknown) => {
        const payload = (raw && typeof raw === 'object' ? raw : {}) as LivePayload;
        const task = (payload.task && typeof payload.task === 'object' ? payload.task : payload) as LivePayload;
        const merged: LivePayload = { ...task, ...payload };
        const tr = tRef.current;
        const what = { name: String(merged.name ?? ''), code: String(merged.dossierCode ?? merged.code ?? '') };
        const href = merged.dossierId ? `/ho-so/${encodeURIComponent(String(merged.dossierId))}` : undefined;
        const identity = notificationIdentity(event, merged);
        const fresh = !identity || identity.rank > (notified.get(identity.slot) ?? -1);
        if (identity && fresh) {
          notified.delete(identity.slot);
          notified.set(identity.slot, identity.rank);
          if (notified.size > REMEMBERED) notified.delete(notified.keys().next().value as string);
        }
        const key = identity?.slot;
        if (fresh) {
          if (event === 'task:assigned') notifyRef.current({ kind: 'info', title: tr('live.assigned'), body: tr('live.taskBody', what), href, key });
          if (event === 'task:dueSoon') notifyRef.current({ kind: 'warning', title: tr('live.dueSoon'), body: tr('live.taskBody', what), href, timeout: 0, key });
          if (event === 'task:overdue') {
            const escalated = Number(merged.escalationLevel ?? 1) >= 2;
            notifyRef.current({ kind: 'danger', title: tr(escalated ? 'live.overdueEscalated' : 'live.overdue'), body: tr('live.taskBody', what), href, key });
          }
        }
        // Screens refetch on every event, a repeat too: a refetch is harmless, a missed one is not.
        for (const listener of listeners.current) listener(event, merged);
      });
    }
    return () => {
      stopRenewals();
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [sessionKey, onRenewed]);

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
