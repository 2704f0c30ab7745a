// Deterministic ids for the tasks and timers a dossier opens: `<dossierId>.<n>` for a
// task, `<dossierId>.t<n>` for a timer, numbered by the dossier's own counter. The pure
// engine mints them itself (no random ids, no database sequence), so replaying the same
// actions on the same state gives the same ids.

import type { DossierState } from './types.js';

export function nextId(state: DossierState, prefix = ''): string {
  state.seq += 1;
  return `${state.id}.${prefix}${state.seq}`;
}
