// Gathers what the Circular 01/2018/TT-VPCP papers print about one dossier — the
// dossier and its history, the procedure's name and time limit, the agencies in the
// heading, the officers' full names — and hands it to server/forms to render. Checks
// that the caller may see the dossier: a dossier they may not see is a 404, never data.
import type { Knex } from 'knex';
import { DomainError, shownProcedureCode, type DayCount, type DossierField, type DossierState } from '../../engine/index.js';
import { canSeeDossier, hasPermission } from '../auth/permissions.js';
import type { AuthUser } from '../auth/tokens.js';
import { agencyTree, getVersion, listEvents, loadDossier, type Agency, type DossierRow, type StoredEvent } from '../store/index.js';

export interface Person {
  username: string;
  fullName: string;
  agencyCode: string;
}

export interface PaperData {
  dossier: DossierRow;
  state: DossierState;
  events: StoredEvent[];
  procedure: {
    key: string;
    code: string | null;
    name: string;
    timeLimit: string | null;
    dayCount: DayCount;
    cutoff: string | null;
    /** The procedure's fields (`<mc:field>`), for the receipt's particulars; absent or empty: none. */
    fields?: readonly DossierField[];
  };
  agencies: ReadonlyMap<string, Agency>;
  /** Officers named anywhere in the history, by username (unknown usernames are simply absent). */
  people: ReadonlyMap<string, Person>;
  /** `https://motcua.example.gov.vn`: where the citizen's lookup page lives (for the receipt's QR code). */
  origin: string;
  paper: 'A4' | 'A5';
  /** When the paper is printed (the server clock): decides "overdue now" on the control slip. */
  now: Date;
}

const notFound = () => new DomainError('NOT_FOUND.dossier');

/** Loads everything a paper needs, or 404 when there is no such dossier or the caller may not see it. */
export async function loadPaperData(
  knex: Knex,
  user: AuthUser,
  dossierId: string,
  options: { origin: string; paper: 'A4' | 'A5'; now: Date },
): Promise<PaperData> {
  if (!hasPermission(user, 'dossier.read')) throw notFound();
  const loaded = await loadDossier(knex, dossierId).catch((error: unknown) => {
    if ((error as { code?: string }).code === 'NOT_FOUND') throw notFound();
    throw error;
  });
  const { row, state } = loaded;
  if (!(await canSeeDossier(knex, user, { id: row.id, receivingAgency: row.receivingAgency, holdingAgency: row.holdingAgency, competentAgency: row.competentAgency }))) {
    throw notFound();
  }
  const [events, agencies, version] = await Promise.all([
    listEvents(knex, row.id),
    agencyTree(knex),
    getVersion(knex, row.procedureKey, row.procedureVersion),
  ]);
  const usernames = new Set<string>();
  for (const e of events) if (e.actor) usernames.add(e.actor);
  for (const t of state.tasks) {
    if (t.assignee) usernames.add(t.assignee);
    if (t.completedBy) usernames.add(t.completedBy);
  }
  const people = new Map<string, Person>();
  if (usernames.size > 0) {
    const rows = await knex('users').whereIn('username', [...usernames]).select('username', 'full_name', 'agency_code');
    for (const r of rows) people.set(r.username, { username: r.username, fullName: r.full_name, agencyCode: r.agency_code });
  }
  return {
    dossier: row,
    state,
    events,
    procedure: {
      key: row.procedureKey,
      // A placeholder code (`TODO-…`) never reaches a paper.
      code: shownProcedureCode(version?.model.code),
      cutoff: version?.model.cutoff ?? null,
      name: version?.model.name || row.procedureKey,
      timeLimit: version?.timeLimit ?? null,
      dayCount: version?.model.dayCount ?? 'working',
      fields: version?.model.fields ?? [],
    },
    agencies: new Map(agencies.map((a) => [a.code, a])),
    people,
    origin: options.origin,
    paper: options.paper,
    now: options.now,
  };
}
