// A clerk's action that lost a race for the dossier's version is run again on the
// fresh dossier. Safe because the API never acts on the client's view of the dossier:
// every attempt loads the current state and the engine checks every rule again (the
// task still open, still the caller's, the dossier not paused or closed). What remains
// a 409 is what a human must hear about — the task done or claimed by someone else, the
// dossier closed — not that the scheduler marked a step due soon a millisecond earlier.
import { DomainError } from '../../engine/index.js';

const ATTEMPTS = 4;

/** `action` learns its attempt number: a snapshot read before the first attempt is good for that one only. */
export async function retryOnVersionConflict<T>(action: (attempt: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await action(attempt);
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'VERSION_CONFLICT') || attempt >= ATTEMPTS) throw error;
    }
  }
}
