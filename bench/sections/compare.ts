// The same-run comparison: contenders take turns in short rounds (a few dossiers each),
// on the same machine in the same minutes, so that whatever else the machine does falls
// on all of them alike; each contender's rate is its dossiers × 13 actions over the time
// it spent in its own turns.
import { ACTIONS_PER_DOSSIER } from '../lib/permit.js';
import { nowMs, say } from '../lib/stats.js';
import type { Contender } from './inProcess.js';

export interface Rate {
  name: string;
  dossiers: number;
  seconds: number;
  actionsPerSecond: number;
}

export async function compare(contenders: Contender[], options: { rounds: number; perRound: number; warmup: number }): Promise<Map<string, Rate>> {
  for (const c of contenders) await c.run(options.warmup, 9_000_000);
  const spent = new Map<string, number>(contenders.map((c) => [c.name, 0]));
  for (let round = 0; round < options.rounds; round++) {
    // Rotate who goes first: no contender always gets the warm (or the cold) slot.
    const order = contenders.map((_, i) => contenders[(i + round) % contenders.length]);
    for (const c of order) {
      const t0 = nowMs();
      await c.run(options.perRound, round * options.perRound);
      spent.set(c.name, spent.get(c.name)! + (nowMs() - t0) / 1000);
    }
    if ((round + 1) % Math.max(1, Math.floor(options.rounds / 4)) === 0) say(`compare: round ${round + 1}/${options.rounds}: ${contenders.map((c) => `${c.name} ${(((round + 1) * options.perRound * ACTIONS_PER_DOSSIER) / spent.get(c.name)!).toFixed(0)}/s`).join(', ')}`);
  }
  const dossiers = options.rounds * options.perRound;
  return new Map(
    contenders.map((c) => {
      const seconds = spent.get(c.name)!;
      return [c.name, { name: c.name, dossiers, seconds, actionsPerSecond: (dossiers * ACTIONS_PER_DOSSIER) / seconds }];
    }),
  );
}
