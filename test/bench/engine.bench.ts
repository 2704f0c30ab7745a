// `npm run bench`: the engine's hot paths, each beside a peer measured in the same run.
// The scheduler, the inbox and the dashboard call the calendar millions of times, and
// every request applies one transition, so these two are what the server's speed rests on.

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { createActor } from 'xstate';
import { bench, describe } from 'vitest';
import { OFFICIAL_DECISIONS, WorkingCalendar, loadProcedure, compileProcedure } from '../../engine/index.js';
import { applyMachineEvent, startMachine } from '../../engine/machine/transition.js';

// luxon-business-days patches the CommonJS build of luxon, so the peer uses that one.
const require = createRequire(import.meta.url);
const { DateTime } = require('luxon') as typeof import('luxon');
require('luxon-business-days');

const ZONE = 'Asia/Ho_Chi_Minh';
const calendar = new WorkingCalendar({ overrides: [...OFFICIAL_DECISIONS] });

// 1000 receipt instants spread over 2025–2026, seeded so every run measures the same work.
let seed = 20261122;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const from = Date.parse('2025-01-01T00:00:00+07:00');
const span = Date.parse('2026-12-31T00:00:00+07:00') - from;
const starts = Array.from({ length: 1000 }, () => new Date(from + Math.floor(random() * span)));

const daysOff = new Set(
  [2025, 2026].flatMap((year) => calendar.daysOff(year).map((d) => d.date)),
);
const isDayOff = (dt: { toISODate(): string | null }) => daysOff.has(dt.toISODate() ?? '');
// setupBusiness configures luxon globally (it returns nothing): once, before measuring.
(DateTime.now() as any).setupBusiness({ businessDays: [1, 2, 3, 4, 5], holidayMatchers: [isDayOff] });

describe('five working days after receipt (1000 dossiers, 2025–2026 with Tết and overrides)', () => {
  bench('MộtCửa WorkingCalendar.addWorkingTime: office hours, lunch, holidays, make-up days', () => {
    for (const start of starts) calendar.addWorkingTime(start, 'P5D');
  });

  bench('peer: luxon-business-days plusBusiness — whole days only, same days off', () => {
    for (const start of starts) {
      (DateTime.fromJSDate(start, { zone: ZONE }) as any).plusBusiness({ days: 5 });
    }
  });
});

const xml = readFileSync(new URL('../engine/dossier/fixtures/land-transfer.bpmn', import.meta.url), 'utf8');
const procedure = compileProcedure((await loadProcedure(xml)).model!);
const steps = ['Receive', 'Examine', 'Tax', 'Review', 'Sign', 'Return'];

describe('one dossier through six steps of the procedure machine', () => {
  bench('MộtCửa: pure transition from the saved JSON snapshot at every step (no actor)', () => {
    let snapshot = JSON.parse(JSON.stringify(startMachine(procedure, {}).snapshot));
    for (const stepId of steps) {
      const step = applyMachineEvent(procedure, snapshot, {
        type: 'COMPLETE',
        stepId,
        outcome: stepId === 'Review' ? 'approve' : null,
      });
      snapshot = JSON.parse(JSON.stringify(step.snapshot));
    }
  });

  bench('peer: one long-lived xstate actor kept in memory for the dossier', () => {
    const actor = createActor(procedure.machine, { input: { data: {} } }).start();
    for (const stepId of steps) {
      actor.send({ type: 'COMPLETE', stepId, outcome: stepId === 'Review' ? 'approve' : null });
    }
    actor.stop();
  });
});
