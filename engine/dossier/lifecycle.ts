// The dossier lifecycle every procedure shares (Decree 61/2018, Decree 107/2021):
// receive, claim, complete, supplement request and supplement (the clock pauses),
// reject, withdraw, transfer, apologize, return — plus the scheduler's entry points
// (fire a timer, check deadlines). Each is a pure function
// (context, procedure, state, input, now) → { state, effects, events }, one file per verb
// in actions/, each a command run by the one frame in command.ts.
//
// This file is the index the engine's public surface (engine/index.ts) and the tests
// import; it defines nothing.

export type { EngineContext } from './context.js';
export { receiveDossier, type ReceiveInput } from './actions/receive.js';
export { submitDossier, type SubmitInput } from './actions/submit.js';
export { acceptDossier, type AcceptInput } from './actions/accept.js';
export { refuseDossier, type RefuseInput } from './actions/refuse.js';
export { claimTask } from './actions/claim.js';
export { assignTask, type AssignInput } from './actions/assign.js';
export { completeTask, type CompleteInput } from './actions/complete.js';
export { requestSupplement } from './actions/requestSupplement.js';
export { supplementDossier } from './actions/supplement.js';
export { rejectDossier } from './actions/reject.js';
export { withdrawDossier } from './actions/withdraw.js';
export { transferTask } from './actions/transfer.js';
export { apologize } from './actions/apologize.js';
export { returnResult } from './actions/return.js';
export { fireTimer } from './actions/fireTimer.js';
export { checkDeadlines } from './actions/checkDeadlines.js';
export { mergeAgency, touchedByMerge, type MergeAgencyInput } from './actions/mergeAgency.js';
export { hasEscalationBoundary } from './escalationBoundary.js';
