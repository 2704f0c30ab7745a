// GET /api/dossiers/:id/forms/:form — the Circular 01/2018/TT-VPCP papers as printable
// HTML (A5 by default, as the circular designs them; `?paper=A4` for A4-only printers).
import type { Request } from 'express';
import { z } from 'zod';
import { FORMS, FORM_NAMES, isFormName, unknownForm } from '../forms/index.js';
import { defineRoute } from '../http/route.js';
import { loadPaperData } from '../services/papers.js';
import { PAPER_CSP } from '../http/security.js';

/**
 * Where the citizen's lookup page lives, for the receipt's QR code: MOTCUA_PUBLIC_ORIGIN
 * when the server sits behind a proxy under another name, else the origin the clerk's
 * browser used to reach us.
 */
export function publicOrigin(req: Request): string {
  const configured = process.env.MOTCUA_PUBLIC_ORIGIN;
  if (configured) return configured;
  try {
    return new URL(`${req.protocol}://${req.get('host') ?? 'localhost'}`).origin;
  } catch {
    return 'http://localhost';
  }
}

export const formRoutes = [
  defineRoute({
    method: 'get',
    path: '/dossiers/:id/forms/:form',
    summary: 'Printable paper of a dossier (Circular 01/2018/TT-VPCP forms 01–05), HTML',
    tag: 'papers',
    access: 'staff',
    params: z.object({
      id: z.string().min(1).max(64),
      // Any string: an unknown form is a 404 (no such resource), not a 400.
      form: z.string().min(1).max(64).describe(`one of ${FORM_NAMES.join(', ')}`),
    }),
    query: z.object({
      paper: z
        .preprocess((v) => (typeof v === 'string' ? v.toUpperCase() : v), z.enum(['A5', 'A4']))
        .optional()
        .describe('A5 (default, as the circular designs the forms) or A4'),
    }),
    responses: {
      200: { description: 'text/html; charset=utf-8 — the paper, self-contained, ready to print' },
      404: { description: 'No such dossier, one the caller may not see, or no such form' },
      409: { description: 'FORM_NOT_AVAILABLE: the form does not apply to this dossier (yet)' },
    },
    handler: async ({ params, query, user, req }, ctx) => {
      if (!isFormName(params.form)) throw unknownForm(params.form, FORM_NAMES);
      const data = await loadPaperData(ctx.knex, user!, params.id, {
        origin: publicOrigin(req),
        paper: query.paper ?? 'A5',
        now: ctx.clock.now(),
      });
      const body = await FORMS[params.form].render(data);
      // The receipt carries the lookup secret: keep it out of shared caches.
      // Sandboxed and script-free even if opened on its own (server/http/security.ts).
      return { type: 'html', body, headers: { 'Cache-Control': 'private, no-store', 'Content-Security-Policy': PAPER_CSP } };
    },
  }),
];
