// The store's public surface: the server imports the store only from here.
export {
  openDatabase,
  migrate,
  rollbackAll,
  pingDatabase,
  readerOf,
  databaseKind,
  dbInstant,
  isUniqueViolation,
  DEFAULT_SQLITE_FILE,
  MIGRATIONS,
  type Db,
  type DatabaseKind,
  type OpenDatabaseOptions,
} from './db.js';
export { foldForSearch, dossierSearchText, searchPatterns } from './searchText.js';
export { inTransaction, isRetryableError, type TransactionOptions } from './transaction.js';
export { GroupCommit, type GroupCommitOptions, type Write } from './groupCommit.js';
export { nextDossierCode, newLookupSecret, newId, canonicalSecret, codeSpellings } from './dossierCodes.js';
export {
  createAgency,
  getAgency,
  updateAgency,
  deleteAgency,
  agencyTree,
  countAgencies,
  recordMerger,
  type Agency,
  type NewAgency,
  type AgencyChanges,
} from './agencies.js';
export {
  createUser,
  findUserById,
  findUserByUsername,
  listUsers,
  setUserRoles,
  setUserActive,
  updateUser,
  accountStates,
  type UserChanges,
  type User,
  type UserWithPasswordHash,
  type NewUser,
} from './users.js';
export {
  deployVersion,
  getVersion,
  latestVersion,
  latestVersionNumber,
  listVersions,
  listProcedures,
  getDraft,
  saveDraft,
  deleteDraft,
  listDrafts,
  type ProcedureDraft,
  type VersionRecord,
  type Deployment,
  type ProcedureVersion,
  type ProcedureVersionSummary,
  type ProcedureSummary,
} from './procedures.js';
export {
  insertDossier,
  saveDossierAction,
  loadDossier,
  loadDossierWithSetting,
  dossierAfterSave,
  dossierRowOf,
  dossierAsInserted,
  appendedEvents,
  findDossierByCode,
  listEvents,
  listTasks,
  dueTasks,
  dueTimers,
  type Applicant,
  type DossierRow,
  type LoadedDossier,
  type DossierSnapshot,
  type WakeAt,
  type NewDossier,
  type SaveDossierAction,
  type TaskRecord,
  type TaskFilter,
  type TimerRecord,
  type StoredEvent,
} from './dossiers.js';
export { unpublished, markPublished, publishedDossiers, type OutboxMessage, type PublishedDossier } from './outbox.js';
export { getSetting, initSetting, putSetting } from './settings.js';
export { insertFile, getFile, listFiles, receivedComponents, recordReceivedComponents, type FileRow } from './files.js';
export { getYearOverride, putYearOverride, allOverrides, type YearOverride } from './calendar.js';
export {
  INCIDENT_BACKOFF,
  incidentBackoffMs,
  recordIncidentFailure,
  resolveIncidents,
  retryIncidentNow,
  getIncident,
  listIncidents,
  notBackingOff,
  nextIncidentRetryAfter,
  countOpenIncidents,
  dueTimersOf,
  type IncidentFailure,
  type IncidentFilter,
} from './incidents.js';
