// The `settings` table: small values every server process on one database must agree
// on (the token secret, the manual clock). Keys are stable strings; values are text.
import type { Db } from './db.js';

export async function getSetting(db: Db, key: string): Promise<string | null> {
  const row = await db('settings').where({ key }).first('value');
  return row ? String(row.value) : null;
}

/**
 * Writes `value` unless the key already has one; returns the value that is stored
 * afterwards. Two processes starting at once both get the winner's value.
 */
export async function initSetting(db: Db, key: string, value: string): Promise<string> {
  await db('settings').insert({ key, value }).onConflict('key').ignore();
  return (await getSetting(db, key)) ?? value;
}

export async function putSetting(db: Db, key: string, value: string): Promise<void> {
  await db('settings').insert({ key, value }).onConflict('key').merge(['value']);
}
