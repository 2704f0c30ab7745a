// The shared vocabulary of the contract: the engine owns each list (one home), the
// contract hands it to the server's schemas and to the web app.
export {
  CHANNELS,
  CLOSED_STATUSES,
  DEADLINE_STATES,
  DOSSIER_STATUSES,
  NATIONAL_STATUSES,
  TASK_STATES,
  VERDICTS,
  nationalStatusOf,
} from '../engine/index.js';
export type { Channel, DeadlineState, DossierStatus, NationalStatus, TaskState, Verdict } from '../engine/index.js';
