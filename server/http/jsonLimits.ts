// Bounds on every JSON body, before any route sees it. The size is express.json's
// `limit` (ServerContext.bodyLimit, 1 MB: 413 PAYLOAD_TOO_LARGE); the depth is checked
// here (400 JSON_TOO_DEEP): a few kilobytes of `[[[[…]]]]` parse fine but break every
// later copy of whatever keeps them (a dossier's `data`: engine/dossier/data.ts, whose
// bound this one leaves room for — a body wraps `data` in a few levels of its own).
import type { RequestHandler } from 'express';
import { MAX_DATA_DEPTH, deeperThan } from '../../engine/index.js';
import { HttpError } from './errors.js';

/** Nesting of objects and arrays in any JSON request body. */
export const MAX_JSON_DEPTH = MAX_DATA_DEPTH + 8;

export const jsonDepthLimit: RequestHandler = (req, _res, next) => {
  if (req.body !== null && typeof req.body === 'object' && deeperThan(req.body, MAX_JSON_DEPTH)) {
    next(new HttpError(400, 'JSON_TOO_DEEP', { max: MAX_JSON_DEPTH }, { maxDepth: MAX_JSON_DEPTH }));
    return;
  }
  next();
};
