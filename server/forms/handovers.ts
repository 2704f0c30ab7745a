// The rows of the process control slip (Phiếu kiểm soát quá trình giải quyết hồ sơ,
// Circular 01/2018/TT-VPCP Mẫu 05): every hand-over of the dossier — who gave it, who
// took it, when, by when, when it was done, and whether that was early, on time or late.
// Pure: built from the dossier's state and history, no database, no clock.
import type { DossierState, Task, Verdict } from '../../engine/index.js';
import type { StoredEvent } from '../store/index.js';
import { vnShort } from './format.js';

export interface Party {
  /** Username of the officer, or null when nobody has taken the step yet (or a timer moved it). */
  username: string | null;
  /** The step's role, printed when there is no officer yet. */
  role: string | null;
  agencyCode: string;
  /** Not an officer: the applicant (the last row, when the result is handed over). */
  citizen?: boolean;
}

export interface HandOver {
  kind: 'step' | 'transfer' | 'return';
  taskId: string | null;
  stepId: string | null;
  stepName: string;
  from: Party;
  to: Party;
  receivedAt: string;
  dueAt: string | null;
  doneAt: string | null;
  state: 'done' | 'open' | 'cancelled';
  /** Early / on time / late — only for what is done (Mẫu 05 marks what happened, not what may). */
  mark: Verdict | null;
  /** Open and past due at the slip's print time. */
  overdueNow: boolean;
  notes: string[];
}

interface Pause {
  from: string;
  to: string | null;
  /** Who asked for the supplement. */
  by: string | null;
}

/** Supplement pauses: the citizen's time, shown beside the steps it interrupted (Decree 61/2018 art. 19). */
function pauses(events: readonly StoredEvent[]): Pause[] {
  const out: Pause[] = [];
  for (const e of events) {
    if (e.type === 'supplementRequested') out.push({ from: e.at, to: null, by: e.actor });
    if (e.type === 'supplemented' && out.length > 0 && out[out.length - 1].to === null) out[out.length - 1].to = e.at;
  }
  return out;
}

const ms = (iso: string) => new Date(iso).getTime();

/** Task ids are `<dossierId>.<n>`: n orders tasks opened at the same instant. */
const taskSeq = (task: Task): number => Number(task.id.slice(task.id.lastIndexOf('.') + 1).replace(/\D/g, '')) || 0;

/**
 * The hand-overs in the order they happened. `now` only decides the "overdue now" flag
 * of steps still open.
 */
export function handOvers(state: DossierState, events: readonly StoredEvent[], now: Date): HandOver[] {
  const tasks = [...state.tasks].sort((a, b) => ms(a.startedAt) - ms(b.startedAt) || taskSeq(a) - taskSeq(b));
  const received = events.find((e) => e.type === 'received');
  const receiver: Party = { username: received?.actor ?? null, role: 'reception', agencyCode: state.receivingAgency };
  const paused = pauses(events);
  // Each pause is noted once, on the step it paused (issue 20): the step open when it was
  // asked for — the asking officer's own, when several were open.
  const openAt = (task: Task, at: string) =>
    task.state !== 'cancelled' && ms(task.startedAt) <= ms(at) && (task.completedAt === null || ms(task.completedAt) >= ms(at));
  const pausedStep = new Map<Pause, Task>();
  for (const p of paused) {
    const open = tasks.filter((t) => openAt(t, p.from));
    const step = open.find((t) => p.by !== null && (t.assignee === p.by || t.completedBy === p.by)) ?? open.at(-1);
    if (step) pausedStep.set(p, step);
  }
  const rows: HandOver[] = [];

  for (const task of tasks) {
    // Who handed it over: the step finished at the very instant this one opened (the
    // engine opens the next step in the same action), else the desk that received the
    // dossier, else whoever held it last.
    const giver = tasks
      .filter((t) => t !== task && t.state === 'done' && t.completedAt === task.startedAt)
      .sort((a, b) => taskSeq(b) - taskSeq(a))[0];
    const previous = rows.filter((r) => r.kind === 'step').at(-1);
    const from: Party = giver
      ? { username: giver.completedBy, role: giver.role, agencyCode: giver.agencyCode }
      : task.startedAt === state.receivedAt || !previous
        ? receiver
        : previous.to;

    // A manual transfer (transferTask) moved this step to another agency after it opened.
    const transfers = events.filter((e) => e.type === 'transferred' && e.taskId === task.id && e.details.automatic === false);
    const firstAgency = transfers.length > 0 ? String(transfers[0].details.fromAgency) : task.agencyCode;

    const notes: string[] = [];
    for (const p of paused) {
      if (pausedStep.get(p) === task) notes.push(
          p.to
            ? `Tạm dừng chờ bổ sung hồ sơ từ ${vnShort(p.from)} đến ${vnShort(p.to)}`
            : `Đang tạm dừng chờ bổ sung hồ sơ từ ${vnShort(p.from)}`,
        );
    }
    if (task.state === 'cancelled') notes.push('Dừng xử lý');
    const overdueNow = task.state === 'open' && task.dueAt !== null && now.getTime() > ms(task.dueAt) && state.pause === null;

    rows.push({
      kind: 'step',
      taskId: task.id,
      stepId: task.stepId,
      stepName: task.name,
      from,
      to: {
        username: task.completedBy ?? (transfers.length > 0 ? null : task.assignee),
        role: task.role,
        agencyCode: firstAgency,
      },
      receivedAt: task.startedAt,
      dueAt: task.dueAt,
      doneAt: task.state === 'done' && transfers.length === 0 ? task.completedAt : null,
      state: transfers.length > 0 ? 'done' : task.state,
      mark: task.state === 'done' && transfers.length === 0 ? task.verdict : null,
      overdueNow: transfers.length === 0 && overdueNow,
      notes: transfers.length > 0 ? [] : notes,
    });

    transfers.forEach((t, i) => {
      const last = i === transfers.length - 1;
      rows.push({
        kind: 'transfer',
        taskId: task.id,
        stepId: task.stepId,
        stepName: task.name,
        from: { username: t.actor, role: task.role, agencyCode: String(t.details.fromAgency) },
        to: {
          username: last ? (task.completedBy ?? task.assignee) : null,
          role: task.role,
          agencyCode: String(t.details.toAgency),
        },
        receivedAt: t.at,
        dueAt: task.dueAt,
        doneAt: last && task.state === 'done' ? task.completedAt : null,
        state: last ? task.state : 'done',
        mark: last && task.state === 'done' ? task.verdict : null,
        overdueNow: last && overdueNow,
        notes: [...(t.details.reason ? [`Chuyển cơ quan: ${String(t.details.reason)}`] : ['Chuyển cơ quan']), ...(last ? notes : [])],
      });
    });
  }

  // The last hand-over of Mẫu 05: the desk gives the result to the applicant, judged
  // against the appointment (an apology still counts as late).
  if (state.status === 'returned' && state.returnedAt) {
    const returned = [...events].reverse().find((e) => e.type === 'returned');
    const notes = state.apologies.map(
      (a) => `Đã xin lỗi, hẹn lại từ ${vnShort(a.previousAppointmentAt)} sang ${vnShort(a.newAppointmentAt)}`,
    );
    rows.push({
      kind: 'return',
      taskId: null,
      stepId: null,
      stepName: 'Trả kết quả cho tổ chức, cá nhân',
      from: { username: returned?.actor ?? null, role: 'return', agencyCode: state.receivingAgency },
      to: { username: null, role: null, agencyCode: state.receivingAgency, citizen: true },
      receivedAt: state.resolvedAt ?? state.returnedAt,
      dueAt: state.appointmentAt,
      doneAt: state.returnedAt,
      state: 'done',
      mark: state.result,
      overdueNow: false,
      notes,
    });
  }
  return rows;
}
