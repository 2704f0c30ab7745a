// "If a dossier came in at …": the appointment and each step's due date along the
// longest path, on the office calendar, before the procedure is deployed. Uses the
// engine's own calendar and deadline functions, so it is what the server will compute.
import type { WorkingCalendar } from '../../../engine/calendar/index.js';
import { computeAppointment, stepDueAt } from '../../../engine/deadlines/index.js';
import type { ProcedureModel } from '../../../engine/index.js';
import { formatAgencySelector } from '../../../engine/model/agencySelector.js';
import type { TimeBudget } from './timeBudget.js';

export interface SimulatedStep {
  id: string;
  name: string;
  type: string;
  role: string | null;
  agency: string | null;
  allotted: string | null;
  startsAt: Date;
  dueAt: Date | null;
}

export interface Simulation {
  receivedAt: Date;
  countingFrom: Date;
  appointmentAt: Date | null;
  steps: SimulatedStep[];
  /** Due of the last step along the path (where the planned work ends). */
  plannedEndAt: Date;
  error: string | null;
}

export function simulate(model: ProcedureModel, budget: TimeBudget, calendar: WorkingCalendar, receivedAt: Date): Simulation {
  const dayCount = budget.dayCount;
  let countingFrom = calendar.nextOpening(receivedAt);
  let appointmentAt: Date | null = null;
  let error: string | null = null;
  try {
    const appointment = computeAppointment(calendar, receivedAt, model.timeLimit, dayCount, model.cutoff ? { cutoff: model.cutoff } : {});
    countingFrom = appointment.countingFrom;
    appointmentAt = appointment.appointmentAt;
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const steps: SimulatedStep[] = [];
  let cursor = countingFrom;
  for (const id of budget.path) {
    const node = model.root.nodes[id];
    if (!node) continue;
    if (node.type !== 'userTask' && node.type !== 'subProcess' && node.type !== 'timerEvent') continue;
    const allotted =
      node.type === 'timerEvent' ? (node.timer.kind === 'duration' ? node.timer.value : null) : node.duration;
    let dueAt: Date | null = null;
    try {
      dueAt = stepDueAt(calendar, cursor, allotted, dayCount);
    } catch {
      dueAt = null; // an invalid duration: the validator lists it
    }
    const agency = node.type === 'userTask' ? formatAgencySelector(node.agency) : null;
    steps.push({
      id,
      name: node.name || id,
      type: node.type,
      role: node.type === 'userTask' ? node.role : null,
      agency,
      allotted,
      startsAt: cursor,
      dueAt,
    });
    if (dueAt) cursor = dueAt;
  }
  return { receivedAt, countingFrom, appointmentAt, steps, plannedEndAt: cursor, error };
}
