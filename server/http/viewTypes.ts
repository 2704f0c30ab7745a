// A task as the API sends it (CONTRACT.md §3): free of anything Node-only, so the web
// app imports this very type instead of redeclaring it.
import type { DeadlineState, Task } from '../../engine/dossier/types.js';

export interface TaskView {
  id: string;
  dossierId: string;
  dossierCode: string;
  procedureKey: string;
  stepId: string;
  name: string;
  role: string;
  agencyCode: string;
  assignee: string | null;
  state: Task['state'];
  startedAt: string;
  allotted: string | null;
  dueAt: string | null;
  deadlineState: DeadlineState;
  /** Working minutes left to `dueAt` (negative past it); null without a due date. */
  remainingWorkingMinutes: number | null;
  /** The dossier waits for the citizen: the task's clock stands still. */
  paused: boolean;
  escalationLevel: number;
  completedAt: string | null;
  completedBy: string | null;
  outcome: string | null;
  comment: string | null;
  verdict: Task['verdict'];
  outcomes: Array<{ key: string; label: string }>;
}
