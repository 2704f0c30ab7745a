// Small measuring helpers: percentiles over recorded samples, a monotonic clock, and
// the two kinds of output — progress for people on stderr, `name: value` on stdout.

export const nowMs = (): number => performance.now();

/** The p-th percentile (0–100) by nearest rank of an unsorted list; NaN when empty. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export const median = (samples: readonly number[]): number => percentile(samples, 50);

export const mean = (samples: readonly number[]): number =>
  samples.length === 0 ? Number.NaN : samples.reduce((a, b) => a + b, 0) / samples.length;

/** Human progress: stderr only, so stdout carries nothing but the result lines. */
export function say(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Rounds for printing: 3 significant digits below 10, else 1 decimal below 100, else an integer. */
export function round(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) < 10) return value.toFixed(2);
  if (Math.abs(value) < 100) return value.toFixed(1);
  return Math.round(value).toString();
}

export interface ResultLine {
  name: string;
  value: number;
  /** Printed as is when set (e.g. a ratio with more digits). */
  text?: string;
}

const printed: ResultLine[] = [];

/** One result: `name: value` on stdout at once (a crash later keeps what was measured), and kept for the README. */
export function result(name: string, value: number, text?: string): void {
  const line = { name, value, text };
  printed.push(line);
  process.stdout.write(`${name}: ${text ?? round(value)}\n`);
}

export const results = (): readonly ResultLine[] => printed;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
