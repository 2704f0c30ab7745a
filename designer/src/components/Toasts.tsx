// Visible notifications: a live task event, a saved form, a refused action. They stack in
// the corner, stay until read for warnings, and can link to what they are about.
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { navigate } from '../router.js';

export type ToastKind = 'info' | 'success' | 'warning' | 'danger';

export interface Toast {
  id: number;
  kind: ToastKind;
  title: string;
  body?: string;
  href?: string;
  /** Milliseconds before it goes away by itself; 0 = stays until closed. */
  timeout?: number;
  /** What it is about: a new toast with the key of one still shown takes its place instead of stacking beside it. */
  key?: string;
}

interface ToastValue {
  notify(toast: Omit<Toast, 'id'>): void;
}

const ToastContext = createContext<ToastValue | null>(null);

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const notify = useCallback(
    (toast: Omit<Toast, 'id'>) => {
      const id = next.current++;
      setToasts((all) => {
        const same = toast.key === undefined ? -1 : all.findIndex((shown) => shown.key === toast.key);
        if (same >= 0) return all.map((shown, i) => (i === same ? { ...toast, id } : shown));
        return [...all.slice(-2), { ...toast, id }];
      });
      const timeout = toast.timeout ?? (toast.kind === 'danger' ? 0 : toast.kind === 'success' ? 5000 : 8000);
      if (timeout > 0) window.setTimeout(() => dismiss(id), timeout);
    },
    [dismiss],
  );
  const value = useMemo(() => ({ notify }), [notify]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast toast-${toast.kind}`} data-testid="toast" data-key={toast.key}>
            <div
              className={toast.href ? 'toast-body clickable' : 'toast-body'}
              onClick={() => {
                if (toast.href) {
                  navigate(toast.href);
                  dismiss(toast.id);
                }
              }}
            >
              <strong>{toast.title}</strong>
              {toast.body && <span>{toast.body}</span>}
            </div>
            <button type="button" className="toast-close" aria-label="×" onClick={() => dismiss(toast.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToasts(): ToastValue {
  const value = useContext(ToastContext);
  if (!value) throw new Error('useToasts outside ToastProvider');
  return value;
}
