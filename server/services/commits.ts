// Which request committed what. The Idempotency-Key wrapper (server/http/idempotency.ts)
// runs a request's handler inside `watchCommits`; whatever commits a change for it says
// so with `noteCommitted` (DossierService's commit listener, app.ts; a deploy). If the
// handler then fails — building the answer, say — the key is kept as committed instead
// of being released, so a retry never applies the action a second time.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface CommitWatch {
  committed: boolean;
  /** The dossiers the request's commits changed (a retry's answer is rebuilt from them). */
  dossierIds: string[];
}

const watches = new AsyncLocalStorage<CommitWatch>();

/** Runs `fn`, noting every commit made on its behalf in `watch`. */
export function watchCommits<T>(watch: CommitWatch, fn: () => Promise<T>): Promise<T> {
  return watches.run(watch, fn);
}

/** Something was committed for the request in flight (if any is watching). */
export function noteCommitted(dossierId?: string): void {
  const watch = watches.getStore();
  if (!watch) return;
  watch.committed = true;
  if (dossierId !== undefined && !watch.dossierIds.includes(dossierId)) watch.dossierIds.push(dossierId);
}
