// The two ways a paper cannot be printed: no such form (404), or a form that does not
// apply to this dossier yet — an apology slip for a dossier never apologized (409).
import { HttpError } from '../http/errors.js';

export const formNotAvailable = (form: string, message: string): HttpError =>
  new HttpError(409, 'FORM_NOT_AVAILABLE', message, { form });

export const unknownForm = (form: string, known: readonly string[]): HttpError =>
  new HttpError(404, 'FORM_NOT_FOUND', `Không có mẫu giấy "${form}" / No such form "${form}"`, { form, known });
