// Due-soon warnings and the escalation ladder for every open task (DOMAIN.md "Due
// soon"). Each warning and each rung is raised once: the task remembers what was sent.
// Steps with their own escalation boundary event follow the model instead of the ladder.

import { escalationsDue } from '../../deadlines/index.js';
import type { CompiledProcedure } from '../../machine/compile.js';
import type { Command } from '../command.js';
import { runCommand } from '../command.js';
import type { EngineContext } from '../context.js';
import { hasEscalationBoundary } from '../escalationBoundary.js';
import type { ActionResult, DossierState } from '../types.js';
import { CLOSED_STATUSES } from '../types.js';

export const checkDeadlinesCommand: Command<void> = {
  verb: 'checkDeadlines',
  // The scheduler asks every dossier it wakes; a closed or paused one is not refused, it
  // simply has nothing due (the pause stops the clock, Decree 61/2018 art. 19).
  guards: [],
  execute(draft) {
    const { state, now, procedure } = draft;
    if (state.pause || CLOSED_STATUSES.includes(state.status)) return;
    for (const task of draft.openTasks()) {
      if (!task.dueAt) continue;
      const dueAt = new Date(task.dueAt);
      if (!task.dueSoonNotified && task.dueSoonAt && now >= new Date(task.dueSoonAt)) {
        task.dueSoonNotified = true;
        if (now <= dueAt) {
          draft.effects.push({ type: 'dueSoon', task });
          draft.record('dueSoon', null, { dueAt: task.dueAt }, task);
        }
      }
      if (hasEscalationBoundary(procedure, task.stepId)) continue;
      for (const rung of escalationsDue(draft.ctx.calendar, { dueAt, escalationLevel: task.escalationLevel }, now, draft.policy)) {
        task.escalationLevel = rung.level;
        draft.effects.push({ type: 'escalated', task, level: rung.level, notify: rung.notify });
        draft.record('escalated', null, { level: rung.level, notify: rung.notify, dueAt: task.dueAt }, task);
      }
    }
  },
  // Task warnings only: the dueSoon and escalated effects are the announcement.
  settlesStatus: false,
  announces: false,
};

export function checkDeadlines(
  ctx: EngineContext,
  procedure: CompiledProcedure,
  state: DossierState,
  now: Date,
): ActionResult {
  return runCommand(checkDeadlinesCommand, ctx, procedure, state, undefined, now);
}
