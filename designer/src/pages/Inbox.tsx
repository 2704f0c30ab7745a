// The clerk's inbox: my tasks and those my role may claim in my agency, most urgent
// first, coloured by deadline state, with the working time left; each row names the
// procedure and the applicant. A head switches to the team's open work (every open step
// of the agency, whoever has it, overdue first) and gives a step to a named specialist. Live: a new task, a
// due-soon warning or an escalation appears without reload (and a notification shows).
// The badge, the colour and the countdown of a row come from one TaskTiming
// (deadline.ts), counted on the server's clock: they cannot contradict each other.
import { useMemo, useState } from 'react';
import { api } from '../api/endpoints.js';
import type { Task } from '../api/types.js';
import { DeadlineBadge } from '../components/Badges.js';
import { ErrorNotice, Loading, errorText } from '../components/ErrorNotice.js';
import { PageHeader } from '../components/Layout.js';
import { useToasts } from '../components/Toasts.js';
import { useI18n } from '../i18n/index.js';
import { roleLabel } from '../labels.js';
import { useLiveEvents } from '../live/LiveProvider.js';
import { agencyName, useAgencies } from '../reference.js';
import { Link, navigate } from '../router.js';
import { useSession } from '../session.js';
import { countdownText, taskTiming, type TaskDeadline, type TaskTiming } from '../deadline.js';
import { currentCalendar, useNow } from '../time.js';
import { useResource } from '../useResource.js';
import { Icon } from '../components/Icon.js';
import { AssignDialog } from '../components/AssignDialog.js';

const URGENCY: Record<string, number> = { overdue: 0, dueSoon: 1, onTime: 2, paused: 3 };

/** A paused task's clock stands still: it waits below the ones that run. */
const urgencyOf = (task: Task): TaskDeadline => (task.paused ? 'paused' : task.deadlineState);

export function byUrgency(a: Task, b: Task): number {
  const u = (URGENCY[urgencyOf(a)] ?? 4) - (URGENCY[urgencyOf(b)] ?? 4);
  if (u !== 0) return u;
  const da = a.dueAt ? Date.parse(a.dueAt) : Infinity;
  const db = b.dueAt ? Date.parse(b.dueAt) : Infinity;
  if (da !== db) return da - db;
  return Date.parse(a.startedAt) - Date.parse(b.startedAt);
}

type Filter = 'all' | 'overdue' | 'dueSoon' | 'onTime' | 'paused' | 'mine';

export default function Inbox() {
  const { t, fmt, lang } = useI18n();
  const { user, can } = useSession();
  const { notify } = useToasts();
  const agencies = useAgencies();
  const now = useNow(30_000);
  // A head also sees the team's work (GET /tasks?scope=team).
  const mayLead = can('task.assign');
  const [scope, setScope] = useState<'mine' | 'team'>('mine');
  const [assigning, setAssigning] = useState<Task | null>(null);
  // The server says how much working time each task had left at the instant it answered
  // (its X-Server-Time); the countdown goes on from there on the server's clock.
  const tasks = useResource(() => api.tasks(scope === 'team' ? { scope } : {}), [scope]);
  const [filter, setFilter] = useState<Filter>('all');
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState<string | null>(null);

  useLiveEvents(['task:assigned', 'task:dueSoon', 'task:overdue', 'dossier:updated'], (event, payload) => {
    void tasks.reload();
    const id = payload.taskId ?? (typeof payload.id === 'string' ? payload.id : undefined);
    if (event !== 'dossier:updated' && id) {
      setFresh((all) => new Set(all).add(id));
      window.setTimeout(() => setFresh((all) => {
        const next = new Set(all);
        next.delete(id);
        return next;
      }), 10_000);
    }
  });

  const calendar = currentCalendar();
  const rows = useMemo(() => {
    const at = tasks.data?.at ?? null;
    return [...(tasks.data?.items ?? [])].sort(byUrgency).map((task) => ({ task, timing: taskTiming(task, at, now, calendar) }));
  }, [tasks.data, now, calendar]);
  const counts = useMemo(() => {
    const c = { all: rows.length, overdue: 0, dueSoon: 0, onTime: 0, paused: 0, mine: 0 };
    for (const { task, timing } of rows) {
      c[timing.state] += 1;
      if (task.assignee === user?.username) c.mine += 1;
    }
    return c;
  }, [rows, user]);
  const shown = rows.filter(({ task, timing }) => (filter === 'all' ? true : filter === 'mine' ? task.assignee === user?.username : timing.state === filter));

  const claim = async (task: Task) => {
    setBusy(task.id);
    try {
      await api.claim(task.id);
      notify({ kind: 'success', title: t('inbox.claimed', { code: task.dossierCode }) });
      await tasks.reload();
    } catch (e) {
      notify({ kind: 'danger', title: t('inbox.claimFailed'), body: errorText(e, lang) });
    } finally {
      setBusy(null);
    }
  };

  const countdown = (timing: TaskTiming) =>
    timing.dueAt ? (
      <span className={`countdown countdown-${timing.state}`} data-testid="countdown">
        {countdownText(t, fmt, timing)}
      </span>
    ) : (
      <span className="muted">{t('inbox.noDeadline')}</span>
    );

  return (
    <div className="page-pad">
      <PageHeader
        title={t('inbox.title')}
        subtitle={user ? t('inbox.subtitle', { agency: agencyName(agencies, user.agencyCode, lang), roles: user.roles.map((r) => roleLabel(t, r)).join(', ') }) : undefined}
        actions={
          <button type="button" className="btn" onClick={() => void tasks.reload()}>
            <Icon name="refresh" /> {t('common.refresh')}
          </button>
        }
      />
      {mayLead && (
        <div className="segmented" role="tablist" aria-label={t('inbox.scope')}>
          {(['mine', 'team'] as const).map((s) => (
            <button key={s} type="button" role="tab" aria-selected={scope === s} className={`btn btn-sm ${scope === s ? 'btn-primary' : ''}`} onClick={() => setScope(s)} data-testid={`scope-${s}`}>
              {t(`inbox.scope.${s}`)}
            </button>
          ))}
        </div>
      )}
      <div className="chips" role="tablist">
        {(['all', 'overdue', 'dueSoon', 'onTime', 'paused', 'mine'] as Filter[]).map((f) => (
          <button key={f} type="button" role="tab" aria-selected={filter === f} className={`chip chip-${f} ${filter === f ? 'active' : ''}`} onClick={() => setFilter(f)}>
            {t(`inbox.filter.${f}`)} <span className="chip-count">{counts[f]}</span>
          </button>
        ))}
      </div>
      <ErrorNotice error={tasks.error} />
      {tasks.loading && !tasks.data ? (
        <Loading />
      ) : shown.length === 0 ? (
        <div className="empty">
          <div className="empty-icon"><Icon name="inbox" size={36} /></div>
          <p>{filter === 'all' ? t('inbox.empty') : t('inbox.emptyFilter')}</p>
        </div>
      ) : (
        <table className="table inbox" data-testid="inbox">
          <thead>
            <tr>
              <th>{t('inbox.dossier')}</th>
              <th>{t('inbox.step')}</th>
              <th>{t('inbox.assignee')}</th>
              <th>{t('inbox.due')}</th>
              <th>{t('inbox.remaining')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {shown.map(({ task, timing }) => (
              <tr key={task.id} className={`row-${timing.state} ${fresh.has(task.id) ? 'row-fresh' : ''}`} data-testid="inbox-row" data-code={task.dossierCode}>
                <td>
                  <Link href={`/ho-so/${encodeURIComponent(task.dossierId)}`} className="mono strong">
                    {task.dossierCode}
                  </Link>
                  {fresh.has(task.id) && <span className="badge tone-info new-badge">{t('inbox.new')}</span>}
                  <div className="muted small">{[task.applicantName, task.procedureName].filter(Boolean).join(' · ')}</div>
                </td>
                <td>
                  <div>{task.name}</div>
                  <div className="muted small">
                    {roleLabel(t, task.role)} · {agencyName(agencies, task.agencyCode, lang)}
                  </div>
                </td>
                <td data-testid="inbox-assignee">
                  {task.assignee ? task.assignee === user?.username ? <strong>{t('inbox.me')}</strong> : (task.assigneeName ?? task.assignee) : <span className="muted">{t('inbox.unclaimed')}</span>}
                </td>
                <td className="nowrap">
                  <DeadlineBadge state={timing.state} />
                  <div className="small">{fmt.dateTime(task.dueAt)}</div>
                </td>
                <td className="nowrap">{countdown(timing)}</td>
                <td className="nowrap actions">
                  {!task.assignee && scope === 'mine' && (
                    <button type="button" className="btn btn-sm" onClick={() => void claim(task)} disabled={busy === task.id}>
                      {t('inbox.claim')}
                    </button>
                  )}
                  {mayLead && task.agencyCode === user?.agencyCode && (
                    <button type="button" className="btn btn-sm" onClick={() => setAssigning(task)} data-testid="inbox-assign">
                      <Icon name="user" /> {task.assignee ? t('assign.reassign') : t('assign.assign')}
                    </button>
                  )}
                  <button type="button" className="btn btn-sm btn-primary" onClick={() => navigate(`/ho-so/${encodeURIComponent(task.dossierId)}`)}>
                    {t('inbox.open')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {assigning && (
        <AssignDialog
          task={assigning}
          busy={busy === assigning.id}
          onClose={() => setAssigning(null)}
          onAssign={async (username, name) => {
            setBusy(assigning.id);
            try {
              await api.assign(assigning.id, username);
              notify({ kind: 'success', title: t('assign.done', { step: assigning.name, who: name }) });
              setAssigning(null);
              await tasks.reload();
            } catch (e) {
              notify({ kind: 'danger', title: t('assign.failed'), body: errorText(e, lang) });
            } finally {
              setBusy(null);
            }
          }}
        />
      )}
    </div>
  );
}
