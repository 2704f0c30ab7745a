// The names of what a member of staff may do: the keys of the one permission table
// (server/auth/permissions.ts, which alone says which roles may do each) and what
// GET /api/auth/me answers in `permissions`. The web app shows and hides its screens and
// buttons by these names, never by role, so a change of the table reaches it unchanged.

export const ACTIONS = [
  'procedure.read',
  'procedure.deploy',
  'dossier.receive',
  'dossier.read',
  'dossier.act',
  'dossier.supplement',
  'dossier.withdraw',
  'dossier.return',
  'dossier.file',
  'dossier.result',
  'signing.manage',
  'task.work',
  'task.assign',
  'dashboard.read',
  'index766.read',
  'agency.read',
  'agency.manage',
  'user.manage',
  'calendar.read',
  'calendar.manage',
  'clock.manage',
  'incident.manage',
  // Issue 17: outbound webhooks (admin), payments at the desk, the citizens' ratings (managers).
  'webhook.manage',
  'payment.record',
  'rating.read',
] as const;

export type Action = (typeof ACTIONS)[number];

/** Narrows a name from the wire (an older or newer server may send one this build does not know). */
export const isAction = (name: string): name is Action => (ACTIONS as readonly string[]).includes(name);
