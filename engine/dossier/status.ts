// The dossier status follows from the machine, the pause and the open tasks; closing
// (returned, rejected, withdrawn) ends every task and timer and stamps the verdict.
// Neither announces `dossierUpdated`: the command frame does, once (command.ts).

import { verdict } from '../deadlines/index.js';
import type { Draft } from './draft.js';
import { competentAgencyOf, receivingDeskOf, returnDeskOf } from './places.js';
import type { Task } from './types.js';
import { CLOSED_STATUSES } from './types.js';

/** The dossier status follows from the machine, the pause and the open tasks. */
export function settleStatus(draft: Draft): void {
  const s = draft.state;
  if (CLOSED_STATUSES.includes(s.status)) return;
  if (s.pause) {
    s.status = 'awaitingSupplement';
    return;
  }
  const open = draft.openTasks();
  const machineDone = (s.machine as { status?: string } | null)?.status === 'done';
  const lastDone = s.tasks.filter((t) => t.state === 'done').at(-1);
  const returnStep = (t: Task) => draft.procedure.returnSteps.has(t.stepId);
  // CONTRACT.md §6.2: completing the modelled return step is the hand-over itself.
  // The result goes to the desk that returns it (the one the citizen chose).
  const returnDesk = () => returnDeskOf(draft.ctx.agencies, s);
  if (lastDone && returnStep(lastDone)) {
    markResolved(draft);
    s.holdingAgency = returnDesk();
    close(draft, 'returned', lastDone.completedBy);
    return;
  }
  if (machineDone) {
    // A model without a return step: the desk returns with the explicit action.
    markResolved(draft);
    s.holdingAgency = returnDesk();
    s.status = 'awaitingReturn';
    return;
  }
  if (open.length > 0 && open.every(returnStep)) {
    markResolved(draft);
    s.status = 'awaitingReturn';
    return;
  }
  // With another agency than the two of the dossier (receiving center, competent agency):
  // an inter-agency hop. Work at the competent agency is the dossier's own processing.
  const home = new Set([receivingDeskOf(draft.ctx.agencies, s), draft.ctx.agencies.current(competentAgencyOf(s)).code]);
  if (open.length > 0 && open.every((t) => !home.has(t.agencyCode))) {
    s.status = 'transferred';
    return;
  }
  s.holdingAgency = open.at(-1)?.agencyCode ?? s.receivingAgency;
  s.status = s.tasks.some((t) => t.state === 'done') ? 'processing' : 'received';
}

/** The result is ready (the process reached its end): stamped once. */
function markResolved(draft: Draft): void {
  if (draft.state.resolvedAt !== null) return;
  draft.state.resolvedAt = draft.nowIso;
  draft.record('resolved', null, {});
}

/** End the dossier: cancel what is open, drop the timers; a return stamps the verdict. */
export function close(draft: Draft, status: 'returned' | 'rejected' | 'withdrawn' | 'refused', actor: string | null): void {
  const s = draft.state;
  for (const task of draft.openTasks()) {
    task.state = 'cancelled';
    task.completedAt = draft.nowIso;
    draft.effects.push({ type: 'taskClosed', task });
  }
  s.timers = [];
  s.status = status;
  s.closedAt = draft.nowIso;
  if (status === 'returned') {
    s.returnedAt = draft.nowIso;
    s.result = verdict(draft.ctx.calendar, new Date(s.appointmentAt), draft.now, {
      apologized: s.apologies.length > 0,
    });
    draft.record('returned', actor, { result: s.result });
  }
}
