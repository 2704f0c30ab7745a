// Visible notifications: a live task event, a saved form, a refused action. They stack in
// the corner, stay until read for warnings, and can link to what they are about. They never
// cover a button (issue 20: a toast sat on the submit button): in the bottom corner unless
// a button is under them there, else in the top corner under the header.
import { createContext, useCallback, useContext, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
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
  const stack = useRef<HTMLDivElement>(null);
  const [corner, setCorner] = useState<Corner>('bottom');
  useLayoutEffect(() => {
    if (toasts.length === 0) return;
    const place = () => {
      if (stack.current) setCorner(clearCorner(stack.current));
    };
    place();
    window.addEventListener('scroll', place, { passive: true });
    window.addEventListener('resize', place);
    return () => {
      window.removeEventListener('scroll', place);
      window.removeEventListener('resize', place);
    };
  }, [toasts]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div ref={stack} className={`toasts toasts-${corner}`} role="status" aria-live="polite" data-corner={corner}>
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

type Corner = 'bottom' | 'top';

/** Buttons the stack must leave uncovered: every visible one of the page but the header's and its own. */
function pageButtons(stack: HTMLElement): DOMRect[] {
  const rects: DOMRect[] = [];
  for (const el of document.querySelectorAll<HTMLElement>('button, a.btn, input[type=submit]')) {
    if (stack.contains(el) || el.closest('.topbar')) continue;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) rects.push(r);
  }
  return rects;
}

const overlaps = (a: { left: number; right: number; top: number; bottom: number }, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** The corner where the stack covers no button: the bottom one if it can, else the top one (the fewer covered). */
function clearCorner(stack: HTMLElement): Corner {
  const { width, height } = stack.getBoundingClientRect();
  const right = window.innerWidth - 16;
  const at = (corner: Corner) => {
    const top = corner === 'bottom' ? window.innerHeight - 16 - height : 64;
    return { left: right - width, right, top, bottom: top + height };
  };
  const buttons = pageButtons(stack);
  const covered = (corner: Corner) => buttons.filter((b) => overlaps(at(corner), b)).length;
  const bottom = covered('bottom');
  return bottom === 0 || covered('top') < bottom ? (bottom === 0 ? 'bottom' : 'top') : 'bottom';
}

export function useToasts(): ToastValue {
  const value = useContext(ToastContext);
  if (!value) throw new Error('useToasts outside ToastProvider');
  return value;
}
