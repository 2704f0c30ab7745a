// Which user task hands the result to the citizen (CONTRACT.md §6.2). Completing it closes
// the dossier as `returned` with its verdict, so the desk does the hand-over once
// (Decree 118/2025: the one-stop unit returns the result and records the hand-over).
import type { Container, UserTask } from './procedure.js';

/** The role of the desk clerk who hands results over (DOMAIN.md, Actors). */
export const RETURN_ROLE = 'return';

/**
 * A return step is a user task marked `mc:returns="true"`, or — without the attribute —
 * a user task of the `return` role whose outgoing flow goes straight to an end event.
 */
export function isReturnStep(task: UserTask, container: Container): boolean {
  if (task.returns) return true;
  if (task.role !== RETURN_ROLE || task.outgoing.length !== 1) return false;
  const flow = container.flows[task.outgoing[0]];
  return flow !== undefined && container.nodes[flow.target]?.type === 'endEvent';
}
