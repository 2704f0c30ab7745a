// Domain words on screen: statuses, roles, deadline states, levels, verdicts, history
// events. A value the dictionaries do not know (a role an admin made up) shows as is.
import vi from './i18n/vi.json';
import type { MessageKey, Translate } from './i18n/index.js';

export const BUILT_IN_ROLES = ['reception', 'specialist', 'head', 'leader', 'return', 'manager', 'admin'] as const;
/** Roles a step can be given (the ones that act on dossiers). */
export const STEP_ROLES = ['reception', 'specialist', 'head', 'leader', 'return'] as const;

function known(t: Translate, prefix: string, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const key = `${prefix}.${value}`;
  return key in vi ? t(key as MessageKey) : value;
}

export const roleLabel = (t: Translate, role: string | null | undefined) => known(t, 'role', role);
export const statusLabel = (t: Translate, status: string | null | undefined) => known(t, 'status', status);
export const deadlineLabel = (t: Translate, state: string | null | undefined) => known(t, 'deadline', state);
export const levelLabel = (t: Translate, level: string | null | undefined) => known(t, 'level', level);
export const verdictLabel = (t: Translate, verdict: string | null | undefined) => known(t, 'verdict', verdict);
export const historyLabel = (t: Translate, type: string | null | undefined) => known(t, 'history', type);
export const channelLabel = (t: Translate, channel: string | null | undefined) => known(t, 'channel', channel);
export const kindLabel = (t: Translate, kind: string | null | undefined) => known(t, 'agencyKind', kind);
