// `npm run demo:history [-- --days 90] [--per-day 6] [--seed 42] [--force]`: plays past
// dossiers through the shipped procedures on DATABASE_URL (default the SQLite file
// data/motcua.db) so the dashboard has a true history to show. See history/play.ts.
import { parseArgs } from 'node:util';
import { openDatabase } from '../store/index.js';
import { formatSummary, HistoryAlreadyPlayed, playHistory } from './history/play.js';

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '90' },
    'per-day': { type: 'string', default: '6' },
    seed: { type: 'string', default: '42' },
    force: { type: 'boolean', default: false },
  },
});
const days = Number(values.days);
const perDay = Number(values['per-day']);
const seed = Number(values.seed);
if (!Number.isInteger(days) || days < 1 || !(perDay > 0) || !Number.isInteger(seed)) {
  console.error('usage: demoHistory [--days N ≥ 1] [--per-day X > 0] [--seed INT] [--force]');
  process.exit(2);
}

const knex = await openDatabase(process.env.DATABASE_URL || undefined);
try {
  console.log(`playing ${days} working days, ~${perDay} dossiers a day, seed ${seed}…`);
  const summary = await playHistory({ knex, days, perDay, seed, force: values.force, log: (line) => console.log(line) });
  console.log(formatSummary(summary));
} catch (error) {
  if (error instanceof HistoryAlreadyPlayed) {
    console.error(error.message);
    process.exitCode = 1;
  } else {
    throw error;
  }
} finally {
  await knex.destroy();
}
