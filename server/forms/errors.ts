// The two ways a paper cannot be printed: no such form (404), or a form that does not
// apply to this dossier yet — an apology slip for a dossier never apologized (409).
// Coded refusals without a status: the routes' error table maps them.
import { ServiceError } from '../services/errors.js';

export type FormNotAvailableKey = 'FORM_NOT_AVAILABLE.rejection' | 'FORM_NOT_AVAILABLE.supplementRequest' | 'FORM_NOT_AVAILABLE.apology';

export const formNotAvailable = (form: string, key: FormNotAvailableKey): ServiceError => new ServiceError(key, {}, { form });

export const unknownForm = (form: string, known: readonly string[]): ServiceError =>
  new ServiceError('FORM_NOT_FOUND', { form }, { form, known });
