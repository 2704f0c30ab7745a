// Outbox rows → socket events (CONTRACT.md §4): which event, which payload, which rooms.
// Pure: the publisher reads the rows and the dossiers they concern, this decides.
//
// | effect                  | event                          | rooms                                              |
// | taskOpened              | task:assigned                  | its assignee, else its role-in-agency room         |
// | taskUpdated, taskClosed | task:updated (added)           | its role room and its assignee                     |
// | taskUpdated after a     | task:assigned as well          | the role room of the agency it was handed to (and  |
// |   handoff (transfer)    |                                | task:updated reaches the agency it left)           |
// | dueSoon                 | task:dueSoon                   | its assignee and its role room                     |
// | escalated               | task:overdue                   | assignee, role room, the agency's head, its leader |
// |                         |                                | from level 2 (or when the rung says so), dashboard |
// |                         |                                | (of the task's agency and the receiving one)       |
// | notify                  | notify (added)                 | the role room it names                             |
// | dossierUpdated, handoff | dossier:updated                | every agency that holds or held the dossier        |
// | the above and escalated | dashboard:changed              | dashboard of every agency that holds or held it    |
// "dashboard" = `dashboard` (admins) and `dashboard:<agency>` (managers and leaders
// whose subtree holds that agency): see rooms.ts.
// A socket in several of an event's rooms gets it once: socket.io sends to the union.
import { escalationAudience, taskDeadlineState, type DeadlineState, type Effect, type Task } from '../../engine/index.js';
import type { PublishedDossier, TaskPayload } from '../../contract/index.js';
import type { OutboxMessage } from '../store/index.js';

export type { TaskPayload };
import { agencyRoom, dashboardRooms, roleRoom, userRoom } from './rooms.js';

/** What the publisher reads about a dossier to address and fill its events (read by the store). */
export type DossierSummary = PublishedDossier;

export interface Emission {
  event: string;
  rooms: string[];
  payload: Record<string, unknown>;
}

function taskPayload(task: Task, dossierId: string, dossier: DossierSummary | undefined, at: Date): TaskPayload {
  return {
    id: task.id,
    taskId: task.id,
    dossierId,
    dossierCode: dossier?.code ?? null,
    stepId: task.stepId,
    name: task.name,
    role: task.role,
    agencyCode: task.agencyCode,
    assignee: task.assignee,
    state: task.state,
    startedAt: task.startedAt,
    dueAt: task.dueAt,
    deadlineState: taskDeadlineState(task, at),
    escalationLevel: task.escalationLevel,
  };
}

const taskRooms = (task: Task): string[] => [roleRoom(task.agencyCode, task.role), ...(task.assignee ? [userRoom(task.assignee)] : [])];

/** Who hears of an overrun: the fixed audience of CONTRACT.md §4 plus whatever the ladder's rung names. */
/** The rooms of one notify target (engine/deadlines/policy.ts names them; this maps them, nothing more). */
function roomsOfTarget(target: string, task: Task, dossier: DossierSummary | undefined): string[] {
  switch (target) {
    case 'assignee':
      // The step's own people: its assignee, and its role room while nobody has claimed it.
      return taskRooms(task);
    case 'dashboard':
      // The late step's agency counts it, and so does the agency the citizen filed with.
      return dashboardRooms([task.agencyCode, ...(dossier ? [dossier.receivingAgency] : [])]);
    default:
      // `head`, `leader`, or any role a model's escalation names: that role in the step's agency.
      return [roleRoom(task.agencyCode, target)];
  }
}

/**
 * Who hears `task:overdue`: the ladder's audience up to this level (escalationAudience,
 * the one rule), and — CONTRACT.md §4 — the dashboards at every level, whose counters change.
 */
function overdueRooms(task: Task, level: number, notify: readonly string[], dossier: DossierSummary | undefined): string[] {
  const targets = new Set<string>([...escalationAudience(level, notify), 'dashboard']);
  return [...new Set([...targets].flatMap((target) => roomsOfTarget(target, task, dossier)))];
}

type Stored<E extends Effect['type']> = Extract<Effect, { type: E }> & { dossierId: string; taskId: string | null };

/** The socket events for a batch of outbox rows, in row order; dossier summaries last, once per dossier. */
export function emissionsFor(messages: readonly OutboxMessage[], dossiers: ReadonlyMap<string, DossierSummary>): Emission[] {
  const out: Emission[] = [];
  const updated = new Set<string>();
  const dashboard = new Set<string>();
  /** Task id → the agency a handoff just took it from (a transfer: handoff, then taskUpdated). */
  const handedOff = new Map<string, string>();
  for (const message of messages) {
    const dossierId = message.dossierId ?? String(message.payload.dossierId ?? '');
    const dossier = dossiers.get(dossierId);
    // The state as of the action, not as of publishing: a warning published late still says "due soon".
    const at = new Date(message.createdAt);
    switch (message.topic) {
      case 'taskOpened': {
        const { task } = message.payload as unknown as Stored<'taskOpened'>;
        out.push({
          event: 'task:assigned',
          rooms: [task.assignee ? userRoom(task.assignee) : roleRoom(task.agencyCode, task.role)],
          payload: { ...taskPayload(task, dossierId, dossier, at) },
        });
        break;
      }
      case 'taskUpdated':
      case 'taskClosed': {
        const { task } = message.payload as unknown as Stored<'taskUpdated'>;
        const payload = taskPayload(task, dossierId, dossier, at);
        const from = handedOff.get(task.id);
        handedOff.delete(task.id);
        const rooms = taskRooms(task);
        // The inbox it left must drop it.
        if (from !== undefined && from !== task.agencyCode) rooms.push(roleRoom(from, task.role));
        out.push({ event: 'task:updated', rooms, payload: { ...payload } });
        if (from !== undefined && task.state === 'open') {
          // Transferred to another agency: new work for its inbox, as if opened there.
          out.push({
            event: 'task:assigned',
            rooms: [task.assignee ? userRoom(task.assignee) : roleRoom(task.agencyCode, task.role)],
            payload: { ...payload },
          });
        }
        break;
      }
      case 'dueSoon': {
        const { task } = message.payload as unknown as Stored<'dueSoon'>;
        const summary = { ...taskPayload(task, dossierId, dossier, at), deadlineState: 'dueSoon' as const };
        out.push({ event: 'task:dueSoon', rooms: taskRooms(task), payload: { ...summary, task: summary, dueAt: task.dueAt } });
        break;
      }
      case 'escalated': {
        const { task, level, notify } = message.payload as unknown as Stored<'escalated'>;
        // The effect's task may carry a later level raised in the same pass; the row's own level is `level`.
        const summary = { ...taskPayload(task, dossierId, dossier, at), deadlineState: 'overdue' as const, escalationLevel: level };
        out.push({
          event: 'task:overdue',
          rooms: overdueRooms(task, level, notify, dossier),
          payload: { ...summary, task: summary, dueAt: task.dueAt, escalationLevel: level, notify },
        });
        dashboard.add(dossierId);
        break;
      }
      case 'notify': {
        const effect = message.payload as unknown as Stored<'notify'>;
        out.push({
          event: 'notify',
          rooms: [roleRoom(effect.agencyCode, effect.role)],
          payload: { dossierId, dossierCode: dossier?.code ?? null, nodeId: effect.nodeId, role: effect.role, agencyCode: effect.agencyCode, message: effect.message },
        });
        break;
      }
      case 'handoff': {
        const effect = message.payload as unknown as Stored<'handoff'>;
        handedOff.set(effect.taskId, effect.fromAgency);
        updated.add(dossierId);
        dashboard.add(dossierId);
        break;
      }
      case 'dossierUpdated':
      case 'resultIssued':
        updated.add(dossierId);
        dashboard.add(dossierId);
        break;
      default:
        // An effect type this table does not know yet is published (marked) but not sent.
        break;
    }
  }
  for (const dossierId of updated) {
    const dossier = dossiers.get(dossierId);
    if (!dossier) continue;
    out.push({
      event: 'dossier:updated',
      rooms: dossier.agencies.map(agencyRoom),
      payload: {
        dossierId,
        id: dossierId,
        code: dossier.code,
        status: dossier.status,
        result: dossier.result,
        receivingAgency: dossier.receivingAgency,
        holdingAgency: dossier.holdingAgency,
        appointmentAt: dossier.appointmentAt,
      },
    });
  }
  for (const dossierId of dashboard) {
    const dossier = dossiers.get(dossierId);
    if (!dossier) continue;
    // The dashboard page refetches its counters; this says which dossier moved them.
    out.push({
      event: 'dashboard:changed',
      rooms: dashboardRooms(dossier.agencies),
      payload: {
        dossierId,
        code: dossier.code,
        status: dossier.status,
        result: dossier.result,
        receivingAgency: dossier.receivingAgency,
        holdingAgency: dossier.holdingAgency,
      },
    });
  }
  return out;
}
