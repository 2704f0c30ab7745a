// What an action is given from outside the dossier: the working calendar, the agency
// directory and the deadline policy. The server builds it once from its configuration;
// the engine never reads a clock or a database itself (README "Architecture").

import type { WorkingCalendar } from '../calendar/index.js';
import type { DeadlinePolicy } from '../deadlines/index.js';
import type { AgencyDirectory } from './agencies.js';

export interface EngineContext {
  calendar: WorkingCalendar;
  agencies: AgencyDirectory;
  /** Due-soon threshold and escalation ladder; DEFAULT_POLICY when absent. */
  policy?: DeadlinePolicy;
}
