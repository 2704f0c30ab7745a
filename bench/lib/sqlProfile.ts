// Where the database time goes: every statement knex sends, counted and timed per
// labelled action (receive, claim, complete …), grouped by the statement's shape (the
// SQL with its value lists folded). Listens to knex's own `query` / `query-response`
// events, so it sees exactly what the store sends, BEGIN and COMMIT included.
import type { Knex } from 'knex';
import { nowMs } from './stats.js';

interface Shape {
  count: number;
  ms: number;
}

interface LabelStats {
  actions: number;
  statements: number;
  sqlMs: number;
  wallMs: number;
  shapes: Map<string, Shape>;
}

/** `insert into "tasks" (…) values (?, ?, …), (…)` → one line, value lists and IN lists folded. */
export function shapeOf(sql: string): string {
  return sql
    .replace(/\s+/g, ' ')
    .replace(/\((\s*\?\s*,?)+\)(\s*,\s*\((\s*\?\s*,?)+\))*/g, '(…)')
    .replace(/\bin \(…\)/gi, 'in (…)')
    .replace(/`|"/g, '')
    .trim()
    .slice(0, 160);
}

export class SqlProfile {
  private readonly labels = new Map<string, LabelStats>();
  private current: LabelStats | null = null;
  private readonly started = new Map<string, { at: number; shape: string; into: LabelStats | null }>();
  private readonly onQuery = (data: { __knexQueryUid: string; sql: string }) => {
    if (!this.current) return;
    this.started.set(data.__knexQueryUid, { at: nowMs(), shape: shapeOf(data.sql), into: this.current });
  };
  private readonly onDone = (_response: unknown, data: { __knexQueryUid: string }) => {
    const s = this.started.get(data.__knexQueryUid);
    if (!s) return;
    this.started.delete(data.__knexQueryUid);
    if (!s.into) return;
    const ms = nowMs() - s.at;
    s.into.statements += 1;
    s.into.sqlMs += ms;
    const shape = s.into.shapes.get(s.shape) ?? { count: 0, ms: 0 };
    shape.count += 1;
    shape.ms += ms;
    s.into.shapes.set(s.shape, shape);
  };

  constructor(private readonly knex: Knex) {
    knex.on('query', this.onQuery);
    knex.on('query-response', this.onDone);
    knex.on('query-error', this.onDone);
  }

  detach(): void {
    this.knex.removeListener('query', this.onQuery);
    this.knex.removeListener('query-response', this.onDone);
    this.knex.removeListener('query-error', this.onDone);
  }

  /** Runs one action under `label`; everything it sends is counted there. Sequential callers only. */
  async run<T>(label: string, fn: () => Promise<T>): Promise<T> {
    let stats = this.labels.get(label);
    if (!stats) this.labels.set(label, (stats = { actions: 0, statements: 0, sqlMs: 0, wallMs: 0, shapes: new Map() }));
    this.current = stats;
    const at = nowMs();
    try {
      return await fn();
    } finally {
      stats.actions += 1;
      stats.wallMs += nowMs() - at;
      this.current = null;
    }
  }

  /**
   * For work that is not one awaited function (a server answering requests): everything
   * from `begin` to `end` counts under `label`, background work it set off included.
   */
  begin(label: string): void {
    let stats = this.labels.get(label);
    if (!stats) this.labels.set(label, (stats = { actions: 0, statements: 0, sqlMs: 0, wallMs: 0, shapes: new Map() }));
    this.current = stats;
    this.openedAt = nowMs();
  }

  end(): void {
    if (!this.current) return;
    this.current.actions += 1;
    this.current.wallMs += nowMs() - this.openedAt;
    this.current = null;
  }

  private openedAt = 0;

  /** Statements per action over every label. */
  statementsPerAction(): number {
    let actions = 0;
    let statements = 0;
    for (const s of this.labels.values()) {
      actions += s.actions;
      statements += s.statements;
    }
    return actions === 0 ? 0 : statements / actions;
  }

  /** Share of the wall time spent waiting for statements (knex send → answer). */
  sqlShare(): number {
    let wall = 0;
    let sql = 0;
    for (const s of this.labels.values()) {
      wall += s.wallMs;
      sql += s.sqlMs;
    }
    return wall === 0 ? 0 : sql / wall;
  }

  /** A readable table: per label the statements and time per action, then its heaviest shapes. */
  report(top = 12, wall = true): string {
    const lines: string[] = [];
    for (const [label, s] of this.labels) {
      const per = (v: number) => (v / s.actions).toFixed(2);
      lines.push(
        wall
          ? `  ${label}: ${s.actions} actions, ${per(s.statements)} statements/action, ${per(s.wallMs)} ms/action of which SQL ${per(s.sqlMs)} ms`
          : `  ${label}: ${s.actions} requests, ${per(s.statements)} statements/request, SQL ${per(s.sqlMs)} ms/request`,
      );
      const shapes = [...s.shapes.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, top);
      for (const [shape, v] of shapes) {
        lines.push(`      ${(v.count / s.actions).toFixed(2).padStart(5)}×  ${(v.ms / s.actions).toFixed(3).padStart(7)} ms  ${shape}`);
      }
    }
    return lines.join('\n');
  }
}
