// The engine's public surface: the server and the web app import from here only.

export { DomainError, isDomainError, DOMAIN_ERROR_CODES, type DomainErrorCode, type DomainMessageKey } from './errors.js';
export {
  DOMAIN_MESSAGES,
  codeOfKey,
  describeWith,
  domainMessage,
  formatMessage,
  templateParams,
  type CodedMessage,
  type ParamArgs,
  type Lang,
  type Localized,
  type MessageArgs,
  type MessageParams,
  type MessageTemplate,
  type ParamValue,
  type ParamsOf,
} from './messages.js';

export type * from './model/procedure.js';
export { SERVICE_ACTIONS, LEVELS, INTAKES, CYCLE_LIMITS } from './model/procedure.js';
export { problem, hasErrors, type Problem, type Severity } from './model/problem.js';
export { isReturnStep, RETURN_ROLE } from './model/returnStep.js';
export { COMPONENT_KINDS, COMPONENT_KEY_PATTERN, missingRequiredComponents, unknownComponentKeys, type ComponentKind, type DossierComponent } from './model/components.js';
export { FIELD_TYPES, FIELD_KEY_PATTERN, MAX_FIELD_TEXT, fieldValueProblem, fieldValueText, filledFields, isEmptyFieldValue, isIsoDate, type DossierField, type FieldType, type FieldValueProblem } from './model/fields.js';
export { isPlaceholderProcedureCode, shownProcedureCode } from './model/procedureCode.js';
export { timeBudget, toDays, type TimeBudget } from './model/timeBudget.js';
export { analyzeStructure, type ParallelBlock, type StructureAnalysis } from './model/structure.js';

export * from './bpmn/index.js';
export * from './expressions/index.js';
export * from './calendar/index.js';
export * from './deadlines/index.js';

export {
  compileProcedure,
  type CompiledProcedure,
  type Outcome,
  type MachineEvent,
  type EngineAction,
} from './machine/compile.js';
export { startMachine, applyMachineEvent, type MachineStep, type PersistedMachine } from './machine/transition.js';

export type * from './dossier/types.js';
export { CLOSED_STATUSES, DOSSIER_STATUSES, VERDICTS, CHANNELS, DEADLINE_STATES, TASK_STATES, RETURN_BY_POST } from './dossier/types.js';
export { NATIONAL_STATUSES, nationalStatusOf, nationalStatusWhile, type NationalStatus } from './dossier/nationalStatus.js';
export { AgencyDirectory, parseAgencySelector, formatAgencySelector, type AgencyInfo, type DossierAgencies } from './dossier/agencies.js';
export {
  checkIntake,
  assertActive,
  competentAgencyOf,
  returnPlaceOf,
  receivingDeskOf,
  returnDeskOf,
  dossierAgencies,
  type IntakeChoice,
} from './dossier/places.js';
export { AGENCY_CODE_PATTERN, AGENCY_KIND_PATTERN, isValidAgencySelector } from './model/agencySelector.js';
export * from './dossier/lifecycle.js';
export { taskWakeAt } from './dossier/wake.js';
export { assertActsForDossier, assertOpen } from './dossier/guards.js';
export { MAX_DATA_DEPTH, MAX_DATA_CHARS, deeperThan, checkDossierData } from './dossier/data.js';
