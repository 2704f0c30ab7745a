// The benchmark's procedure and who works on it: the six-step cross-agency permit of
// bench/fixtures (commune desk → commune specialist → district tax office → commune head
// with an outcome → leader → the desk hands the result back), and the demo accounts of
// server/seed/demoData.ts that take each step.
import { readFileSync } from 'node:fs';
import type { Actor, Applicant } from '../../engine/index.js';
import { CITY_TAX, COMMUNE } from '../../server/seed/demoData.js';

export const PERMIT_KEY = 'bench_permit';
export const permitXml = readFileSync(new URL('../fixtures/permit.bpmn', import.meta.url), 'utf8');
export const plainPermitXml = readFileSync(new URL('../fixtures/permit-plain.bpmn', import.meta.url), 'utf8');

const actor = (username: string, agencyCode: string, role: string): Actor => ({ username, agencyCode, roles: [role] });

export const ACTORS = {
  reception: actor('commune.reception', COMMUNE, 'reception'),
  specialist: actor('commune.specialist', COMMUNE, 'specialist'),
  taxSpecialist: actor('tax.specialist', CITY_TAX, 'specialist'),
  head: actor('commune.head', COMMUNE, 'head'),
  leader: actor('commune.leader', COMMUNE, 'leader'),
  returnClerk: actor('commune.return', COMMUNE, 'return'),
} as const;

export interface PermitStep {
  stepId: string;
  actor: Actor;
  outcome: string | null;
}

/** The six user tasks in order, each claimed then completed by its officer. */
export const STEPS: readonly PermitStep[] = [
  { stepId: 'Receive', actor: ACTORS.reception, outcome: null },
  { stepId: 'Examine', actor: ACTORS.specialist, outcome: null },
  { stepId: 'Tax', actor: ACTORS.taxSpecialist, outcome: null },
  { stepId: 'Review', actor: ACTORS.head, outcome: 'approve' },
  { stepId: 'Sign', actor: ACTORS.leader, outcome: null },
  { stepId: 'Return', actor: ACTORS.returnClerk, outcome: null },
];

/** Receive + claim and complete of each of the six steps. */
export const ACTIONS_PER_DOSSIER = 1 + 2 * STEPS.length;

export function applicant(i: number): Applicant {
  return {
    name: `Nguyễn Văn Thử ${i}`,
    idNumber: String(62090000000 + i).padStart(12, '0'),
    phone: `09${String(10000000 + (i % 89999999)).padStart(8, '0')}`,
    email: null,
    address: `Tổ ${1 + (i % 12)}, phường Quyết Thắng, thành phố Kon Tum`,
  };
}

/** A Vietnamese wall-clock time: `vn('2026-11-10 09:00')`. */
export const vn = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+07:00`);

/** Tuesday morning, office hours: nothing in the run turns due soon. */
export const BENCH_NOW = vn('2026-11-10 09:00');
