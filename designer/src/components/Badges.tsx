import type { DossierStatus, Verdict } from '../api/types.js';
import type { TaskDeadline } from '../deadline.js';
import { useI18n } from '../i18n/index.js';
import { deadlineLabel, statusLabel, verdictLabel } from '../labels.js';

/** On time / due soon / overdue — or paused while the citizen supplements (deadline.ts decides which). */
export function DeadlineBadge({ state }: { state: TaskDeadline | null | undefined }) {
  const { t } = useI18n();
  if (!state) return null;
  return (
    <span className={`badge deadline-${state}`} data-testid="deadline-badge" data-state={state}>
      {deadlineLabel(t, state)}
    </span>
  );
}

const STATUS_TONE: Record<string, string> = {
  submitted: 'warning',
  received: 'info',
  processing: 'info',
  awaitingSupplement: 'warning',
  transferred: 'info',
  awaitingReturn: 'success',
  returned: 'success',
  rejected: 'danger',
  withdrawn: 'muted',
  refused: 'danger',
};

export function StatusBadge({ status }: { status: DossierStatus | string | null | undefined }) {
  const { t } = useI18n();
  if (!status) return null;
  return <span className={`badge tone-${STATUS_TONE[status] ?? 'muted'}`}>{statusLabel(t, status)}</span>;
}

export function VerdictBadge({ verdict }: { verdict: Verdict | string | null | undefined }) {
  const { t } = useI18n();
  if (!verdict) return null;
  const tone = verdict === 'late' ? 'danger' : verdict === 'early' ? 'success' : 'info';
  return <span className={`badge tone-${tone}`}>{verdictLabel(t, verdict)}</span>;
}
