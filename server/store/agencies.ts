// Agencies: the tree commune → district → province (DOMAIN.md, Actors). The engine
// resolves `@parent` and `kind:<kind>` selectors over the whole list, as plain data.
import type { Level } from '../../engine/model/procedure.js';
import { DomainError } from '../../engine/errors.js';
import { dbInstant, isUniqueViolation, type Db } from './db.js';

/** An agency as stored is what the API shows (contract/views.ts: code, names, level, kind, parent). */
export type { AgencyView as Agency } from '../../contract/index.js';
import type { AgencyView as Agency } from '../../contract/index.js';

export interface NewAgency {
  code: string;
  name: string;
  nameEn?: string | null;
  level: Level;
  kind?: string | null;
  parentCode?: string | null;
}

export type AgencyChanges = Partial<Omit<NewAgency, 'code'>>;

const fromRow = (row: Record<string, any>): Agency => ({
  code: row.code,
  name: row.name,
  nameEn: row.name_en ?? null,
  level: row.level,
  kind: row.kind ?? null,
  parentCode: row.parent_code ?? null,
  mergedInto: row.merged_into ?? null,
  mergedAt: row.merged_at ?? null,
  createdAt: row.created_at,
});

/** Throws DUPLICATE if the code exists, AGENCY_NOT_FOUND if the parent does not. */
export async function createAgency(db: Db, agency: NewAgency, now: string): Promise<Agency> {
  if (agency.parentCode && !(await getAgency(db, agency.parentCode))) {
    throw new DomainError('AGENCY_NOT_FOUND.parent', { agencyCode: agency.parentCode }, { parentCode: agency.parentCode });
  }
  const row = {
    code: agency.code,
    name: agency.name,
    name_en: agency.nameEn ?? null,
    level: agency.level,
    kind: agency.kind ?? null,
    parent_code: agency.parentCode ?? null,
    merged_into: null,
    merged_at: null,
    created_at: dbInstant(now),
  };
  try {
    await db('agencies').insert(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError('DUPLICATE.agency', { agencyCode: agency.code }, { code: agency.code });
    throw error;
  }
  return fromRow(row);
}

export async function getAgency(db: Db, code: string): Promise<Agency | null> {
  const row = await db('agencies').where({ code }).first();
  return row ? fromRow(row) : null;
}

/** Throws AGENCY_NOT_FOUND for an unknown code. */
export async function updateAgency(db: Db, code: string, changes: AgencyChanges): Promise<Agency> {
  const patch: Record<string, unknown> = {};
  if (changes.name !== undefined) patch.name = changes.name;
  if (changes.nameEn !== undefined) patch.name_en = changes.nameEn;
  if (changes.level !== undefined) patch.level = changes.level;
  if (changes.kind !== undefined) patch.kind = changes.kind;
  if (changes.parentCode !== undefined) {
    if (changes.parentCode === code) throw new DomainError('SAME_AGENCY.ownParent', { agencyCode: code });
    patch.parent_code = changes.parentCode;
  }
  if (Object.keys(patch).length > 0) await db('agencies').where({ code }).update(patch);
  const agency = await getAgency(db, code);
  if (!agency) throw new DomainError('AGENCY_NOT_FOUND', { agencyCode: code }, { code });
  return agency;
}

/** Fails (foreign key) while users, dossiers, tasks or child agencies still refer to it. */
export async function deleteAgency(db: Db, code: string): Promise<boolean> {
  return (await db('agencies').where({ code }).delete()) > 0;
}

/** Every agency, ordered by code; the tree is in `parentCode`. */
export async function agencyTree(db: Db): Promise<Agency[]> {
  const rows = await db('agencies');
  // Sorted here, by code point: PostgreSQL's locale collation may ignore the dots in
  // codes and order them differently from SQLite.
  return rows.map(fromRow).sort((a: Agency, b: Agency) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/**
 * The records of a merger (the 2025 reorganisation), in the caller's transaction: the
 * agency is marked merged into `into` (kept: its code and name stay readable in old
 * dossiers, papers and statistics), the agencies below it move under `into`, and its
 * users become `into`'s staff — their tokens are revoked (token_version), so their next
 * request carries the new agency. Returns the usernames moved. Running dossiers are the
 * engine's (DossierService.mergeAgency).
 */
export async function recordMerger(db: Db, from: string, into: string, now: string): Promise<string[]> {
  await db('agencies').where({ code: from }).update({ merged_into: into, merged_at: dbInstant(now) });
  await db('agencies').where({ parent_code: from }).update({ parent_code: into });
  const users: Array<{ username: string }> = await db('users').where({ agency_code: from }).select('username');
  if (users.length > 0) {
    await db('users')
      .where({ agency_code: from })
      .update({ agency_code: into, token_version: db.raw('token_version + 1') });
  }
  return users.map((u) => u.username);
}

export async function countAgencies(db: Db): Promise<number> {
  const row = await db('agencies').count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}
