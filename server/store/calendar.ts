// Per-year calendar overrides (DOMAIN.md, Time): the government fixes Tết and swaps
// days off and make-up Saturdays each year, so an admin's list replaces the computed
// defaults for that year. The engine's calendar merges them; the store just keeps them.
import { dbInstant, fromJson, toJson, type Db } from './db.js';

export interface YearOverride {
  year: number;
  /** Days off, `YYYY-MM-DD` local dates. */
  holidays: string[];
  /** Make-up working days (làm bù), e.g. a Saturday. */
  workingDays: string[];
  updatedBy: string;
  updatedAt: string;
}

const fromRow = (row: Record<string, any>): YearOverride => ({
  year: Number(row.year),
  holidays: fromJson<string[]>(row.holidays),
  workingDays: fromJson<string[]>(row.working_days),
  updatedBy: row.updated_by,
  updatedAt: row.updated_at,
});

export async function getYearOverride(db: Db, year: number): Promise<YearOverride | null> {
  const row = await db('calendar_overrides').where({ year }).first();
  return row ? fromRow(row) : null;
}

/** Replaces the year's override as a whole (PUT semantics). */
export async function putYearOverride(db: Db, override: YearOverride): Promise<YearOverride> {
  const row = {
    year: override.year,
    holidays: toJson([...override.holidays].sort()),
    working_days: toJson([...override.workingDays].sort()),
    updated_by: override.updatedBy,
    updated_at: dbInstant(override.updatedAt),
  };
  await db('calendar_overrides').insert(row).onConflict('year').merge();
  return fromRow(row);
}

/** Every year's override, oldest year first: what the engine's calendar is built from. */
export async function allOverrides(db: Db): Promise<YearOverride[]> {
  const rows = await db('calendar_overrides').orderBy('year');
  return rows.map(fromRow);
}
