// The sqlite3 driver the store uses (node-sqlite3, through knex), here without knex: the
// floor's bare statements. Opened with the store's pragmas (server/store/db.ts: WAL,
// busy_timeout 5000, foreign_keys ON) and a chosen synchronous level.
import sqlite3 from 'sqlite3';

export type Synchronous = 'OFF' | 'NORMAL' | 'FULL';

export class RawSqlite {
  private constructor(readonly db: sqlite3.Database) {}

  static async open(file: string, synchronous: Synchronous = 'NORMAL'): Promise<RawSqlite> {
    const db = await new Promise<sqlite3.Database>((resolve, reject) => {
      const d = new sqlite3.Database(file, (err) => (err ? reject(err) : resolve(d)));
    });
    const raw = new RawSqlite(db);
    await raw.exec(
      [
        'PRAGMA journal_mode=WAL',
        'PRAGMA busy_timeout=5000',
        'PRAGMA foreign_keys=ON',
        `PRAGMA synchronous=${synchronous}`,
      ].join(';'),
    );
    return raw;
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => this.db.exec(sql, (err) => (err ? reject(err) : resolve())));
  }

  run(sql: string, params: unknown[] = []): Promise<number> {
    return new Promise((resolve, reject) =>
      this.db.run(sql, params, function (this: sqlite3.RunResult, err: Error | null) {
        if (err) reject(err);
        else resolve(this.changes);
      }),
    );
  }

  all<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return new Promise((resolve, reject) => this.db.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as T[]))));
  }

  prepare(sql: string): Prepared {
    return new Prepared(this.db.prepare(sql));
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.db.close((err) => (err ? reject(err) : resolve())));
  }
}

export class Prepared {
  constructor(private readonly stmt: sqlite3.Statement) {}

  run(params: unknown[]): Promise<number> {
    return new Promise((resolve, reject) =>
      this.stmt.run(params, function (this: sqlite3.RunResult, err: Error | null) {
        if (err) reject(err);
        else resolve(this.changes);
      }),
    );
  }

  finalize(): Promise<void> {
    return new Promise((resolve) => this.stmt.finalize(() => resolve()));
  }
}
