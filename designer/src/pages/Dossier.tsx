// One dossier: who filed it, what came with it, where it stands on the procedure's
// diagram, everything that happened (who, when, due when), the actions allowed now, and
// the printable papers.
import { Fragment, useEffect, useMemo, useState, type ReactNode } from 'react';
import { compileProcedure, filledFields, importBpmn, type DossierField, type Outcome } from '../../../engine/index.js';
import { api } from '../api/endpoints.js';
import type { Dossier, HistoryRow, PaperForm, Task } from '../api/types.js';
import { DeadlineBadge, StatusBadge, VerdictBadge } from '../components/Badges.js';
import { BpmnViewer, type Markers } from '../components/BpmnViewer.js';
import { ErrorNotice, Loading, errorText } from '../components/ErrorNotice.js';
import { Modal } from '../components/Modal.js';
import { PAPERS, PaperDialog } from '../components/PaperDialog.js';
import { DossierDocuments } from '../documents/DossierDocuments.js';
import { DossierPayments } from '../citizens/DossierPayments.js';
import { FilingDecision } from '../citizens/FilingDecision.js';
import { useToasts } from '../components/Toasts.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { channelLabel, historyLabel, roleLabel } from '../labels.js';
import { useLiveEvents } from '../live/LiveProvider.js';
import { toLocalInput, fromLocalInput } from '../modeler/SimulationView.js';
import { agencyName, useAgencies } from '../reference.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';
import { countdownText, taskTiming, type TaskTiming } from '../deadline.js';
import { currentCalendar, serverNow, useNow } from '../time.js';
import { useResource } from '../useResource.js';
import { Icon } from '../components/Icon.js';
import { AssignDialog } from '../components/AssignDialog.js';
import { CLOSED_STATUSES } from '../../../contract/index.js';
import { dossierActions, dossierCrumb } from '../access.js';

type Dialog = null | 'supplementRequest' | 'supplement' | 'reject' | 'transfer' | 'apology' | 'withdraw';

/** An outcome as the server offers it: `sendsBack` returns the dossier to an earlier step (a reason is required). */
type OfferedOutcome = { key: string; label: string; sendsBack?: boolean };

function documentsOf(dossier: Dossier): { name: string; copies?: number }[] {
  const docs = dossier.data?.documents;
  if (!Array.isArray(docs)) return [];
  return docs.map((d) => (typeof d === 'string' ? { name: d } : { name: String((d as { name?: unknown }).name ?? ''), copies: Number((d as { copies?: unknown }).copies) || undefined }));
}

export default function DossierPage({ params }: { params: Record<string, string> }) {
  const id = params.id;
  const { t, fmt, lang } = useI18n();
  const { user, can } = useSession();
  const { notify } = useToasts();
  const agencies = useAgencies();
  // With the server's instant it judged the tasks' deadlines at (X-Server-Time).
  const dossier = useResource(() => api.dossierAt(id), [id]);
  const now = useNow(30_000);
  const [xml, setXml] = useState<string | null>(null);
  const [outcomes, setOutcomes] = useState<Map<string, Outcome[]>>(new Map());
  const [stepNames, setStepNames] = useState<Map<string, string>>(new Map());
  // The procedure's fields (`<mc:field>`), to show `data.fields` with their labels.
  const [fields, setFields] = useState<DossierField[]>([]);
  const [paper, setPaper] = useState<PaperForm | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const [comment, setComment] = useState('');
  // A send-back was pressed without a reason: the comment box says it is required.
  const [reasonNeeded, setReasonNeeded] = useState(false);
  // The head's "Giao việc": which task is being given to someone.
  const [assigning, setAssigning] = useState<Task | null>(null);

  useLiveEvents(['dossier:updated', 'task:assigned', 'task:dueSoon', 'task:overdue'], (_event, payload) => {
    if (!payload.dossierId || payload.dossierId === id) void dossier.reload();
  });

  const d = dossier.data?.dossier;
  const answeredAt = dossier.data?.at ?? null;
  useEffect(() => {
    if (!d) return;
    let alive = true;
    api.procedureVersion(d.procedureKey, d.procedureVersion).then(
      async (detail) => {
        if (!alive) return;
        setXml(detail.xml);
        const imported = await importBpmn(detail.xml);
        if (alive && imported.model) {
          const compiled = compileProcedure(imported.model, d.procedureVersion);
          setOutcomes(compiled.outcomes);
          setFields(imported.model.fields ?? []);
          setStepNames(new Map([...compiled.nodes].map(([id, { node }]) => [id, node.name || id])));
        }
      },
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, [d?.procedureKey, d?.procedureVersion]); // eslint-disable-line react-hooks/exhaustive-deps

  const openTasks = useMemo(() => (d?.tasks ?? []).filter((task) => !task.state || task.state === 'open'), [d]);
  // One timing per open task for its badge, its countdown and its colour on the diagram.
  const calendar = currentCalendar();
  const timings = useMemo(
    () => new Map<string, TaskTiming>(openTasks.map((task) => [task.id, taskTiming(task, answeredAt, now, calendar)])),
    [openTasks, answeredAt, now, calendar],
  );
  const stateKey = openTasks.map((task) => timings.get(task.id)?.state).join(',');
  const markers = useMemo<Markers>(() => {
    const m: Markers = {};
    for (const row of d?.history ?? []) if (row.stepId && row.type === 'completed') m[row.stepId] = ['done-step'];
    for (const task of d?.tasks ?? []) if (task.state === 'done') m[task.stepId] = ['done-step'];
    for (const task of openTasks) m[task.stepId] = ['current-step', `current-${timings.get(task.id)?.state ?? task.deadlineState}`];
    return m;
  }, [d, openTasks, stateKey]); // eslint-disable-line react-hooks/exhaustive-deps

  if (dossier.error && !d) return <div className="page-pad"><ErrorNotice error={dossier.error} /></div>;
  if (!d) return <Loading />;

  const closed = CLOSED_STATUSES.includes(d.status);
  // What the permission table lets the user try; the server still refuses what this
  // dossier's agencies do not allow (WRONG_AGENCY, 404).
  const may = dossierActions(can);
  const crumb = dossierCrumb(can);
  const mine = (task: Task) => task.assignee === user?.username;
  // The step's own role and agency, as the engine checks them.
  const mayClaim = (task: Task) => may.claim && !task.assignee && !closed && !!user && user.roles.includes(task.role) && user.agencyCode === task.agencyCode;
  // A dossier filed online is the desk's to accept or refuse first (FilingDecision): nothing else yet.
  const sideActions = !closed && d.status !== 'submitted' && (may.act || (d.status === 'awaitingSupplement' && may.supplement) || (d.status === 'awaitingReturn' && may.returnResult) || may.withdraw);

  const act = async (what: () => Promise<unknown>, success: string) => {
    setBusy(true);
    try {
      await what();
      notify({ kind: 'success', title: success });
      setDialog(null);
      setComment('');
      await dossier.reload();
    } catch (e) {
      notify({ kind: 'danger', title: t('dossier.actionFailed'), body: errorText(e, lang) });
    } finally {
      setBusy(false);
    }
  };

  const outcomesOf = (task: Task): OfferedOutcome[] => task.outcomes ?? outcomes.get(task.stepId)?.map((o) => ({ key: o.key, label: o.label, sendsBack: o.sendsBack })) ?? [];
  /** A person's full name (the server sends `people`), else the login. */
  const person = (username: string | null | undefined) => (username ? (d.people?.[username] ?? username) : '');
  /** The label of an outcome of a step ("Dự thảo lại"), never its key (`tra_lai`). */
  const outcomeLabel = (stepId: string | null | undefined, key: string) =>
    (stepId ? outcomes.get(stepId)?.find((o) => o.key === key)?.label : undefined) ?? d.tasks.flatMap((task) => task.outcomes ?? []).find((o) => o.key === key)?.label ?? key;
  // A head gives the steps of their own agency to a named member of the team.
  const mayAssign = (task: Task) => can('task.assign') && !closed && !!user && user.agencyCode === task.agencyCode;
  // The hand-over step is one action: "Trả kết quả" (POST /return completes it), not claim then complete.
  const returning = d.status === 'awaitingReturn';
  const completeWith = (task: Task, o: OfferedOutcome | null) => {
    if (o?.sendsBack && !comment.trim()) {
      setReasonNeeded(true);
      document.getElementById('task-comment')?.focus();
      return;
    }
    setReasonNeeded(false);
    void act(() => api.complete(task.id, { ...(o ? { outcome: o.key } : {}), comment: comment.trim() || undefined }), o?.sendsBack ? t('dossier.sentBack', { step: task.name }) : t('dossier.completed', { step: task.name }));
  };
  const docs = documentsOf(d);
  const particulars = filledFields(fields, d.data);

  return (
    <div className="page-pad dossier">
      <div className="page-header">
        <div>
          <div className="crumbs">
            <Link href={crumb.href}>{t(crumb.label)}</Link> /
          </div>
          <h1 className="mono">{d.code}</h1>
          <div className="page-subtitle">
            <StatusBadge status={d.status} /> <VerdictBadge verdict={d.result} /> {d.procedureName ?? d.procedureKey} · v{d.procedureVersion}
          </div>
        </div>
        <div className="page-actions papers">
          {PAPERS.map((form) => (
            <button key={form} type="button" className="btn btn-sm" onClick={() => setPaper(form)}>
              <Icon name="print" /> {t(`paper.${form}` as MessageKey)}
            </button>
          ))}
        </div>
      </div>

      <div className="dossier-grid">
        <div className="dossier-main">
          {d.status === 'submitted' && can('dossier.receive') && <FilingDecision dossierId={d.id} onDone={() => void dossier.reload()} />}
          <section className="card" data-testid="current-tasks">
            <h2>{t('dossier.now')}</h2>
            {openTasks.length === 0 && <p className="muted">{closed ? t('dossier.closed') : d.status === 'awaitingSupplement' ? t('dossier.paused') : t('dossier.noOpenTask')}</p>}
            {openTasks.map((task) => {
              const timing = timings.get(task.id) ?? taskTiming(task, answeredAt, now, calendar);
              return (
                <div key={task.id} className={`task-card row-${timing.state}`} data-testid="task-card">
                  <div className="task-card-head">
                    <div>
                      <strong>{task.name}</strong>
                      <div className="muted small">
                        {roleLabel(t, task.role)} · {agencyName(agencies, task.agencyCode, lang)} ·{' '}
                        <span data-testid="task-assignee">{task.assignee ? t('dossier.assignee', { who: person(task.assignee) }) : t('inbox.unclaimed')}</span>
                      </div>
                    </div>
                    <div className="right">
                      <DeadlineBadge state={timing.state} />
                      <div className="small">{t('dossier.dueAt', { at: fmt.dateTime(task.dueAt) })}</div>
                      {task.dueAt && (
                        <div className={`small countdown countdown-${timing.state}`} data-testid="countdown">
                          {countdownText(t, fmt, timing)}
                        </div>
                      )}
                    </div>
                  </div>
                  {(mayClaim(task) || mayAssign(task)) && !returning && (
                    <div className="task-card-actions">
                      {mayClaim(task) && (
                        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => act(() => api.claim(task.id), t('inbox.claimed', { code: d.code }))}>
                          {t('inbox.claim')}
                        </button>
                      )}
                      {mayAssign(task) && (
                        <button type="button" className="btn" disabled={busy} onClick={() => setAssigning(task)} data-testid="assign-task">
                          <Icon name="user" /> {task.assignee ? t('assign.reassign') : t('assign.assign')}
                        </button>
                      )}
                    </div>
                  )}
                  {mine(task) && d.status !== 'awaitingSupplement' && !returning && (
                    <div className="complete">
                      <label className={`field ${reasonNeeded ? 'field-error' : ''}`}>
                        <span>{outcomesOf(task).some((o) => o.sendsBack) ? t('dossier.commentOrReason') : t('dossier.comment')}</span>
                        <textarea
                          id="task-comment"
                          rows={2}
                          value={comment}
                          aria-invalid={reasonNeeded}
                          onChange={(e) => {
                            setComment(e.target.value);
                            if (e.target.value.trim()) setReasonNeeded(false);
                          }}
                          placeholder={t('dossier.commentPlaceholder')}
                        />
                        {reasonNeeded && <small className="field-problem" data-testid="reason-needed">{t('dossier.sendBackReason')}</small>}
                      </label>
                      <div className="outcomes">
                        {outcomesOf(task).length > 0 ? (
                          outcomesOf(task).map((o) => (
                            <button
                              key={o.key}
                              type="button"
                              className={o.sendsBack ? 'btn btn-sendback' : 'btn btn-primary'}
                              disabled={busy}
                              data-outcome={o.key}
                              data-sends-back={o.sendsBack ? 'true' : undefined}
                              onClick={() => completeWith(task, o)}
                            >
                              <Icon name={o.sendsBack ? 'undo' : 'check'} /> {o.label || o.key}
                            </button>
                          ))
                        ) : (
                          <button type="button" className="btn btn-primary" disabled={busy} data-testid="complete-task" onClick={() => completeWith(task, null)}>
                            <Icon name="check" /> {t('dossier.complete')}
                          </button>
                        )}
                        {may.act && (
                          <button type="button" className="btn" onClick={() => setDialog('transfer')}>
                            <Icon name="transfer" /> {t('dossier.transfer')}
                          </button>
                        )}
                      </div>
                    </div>
                  )}
                </div>
              );
            })}
            {sideActions && (
              <div className="side-actions">
                {may.act && d.status !== 'awaitingSupplement' && (
                  <button type="button" className="btn" onClick={() => setDialog('supplementRequest')}>
                    {t('dossier.supplementRequest')}
                  </button>
                )}
                {d.status === 'awaitingSupplement' && may.supplement && (
                  <button type="button" className="btn btn-primary" onClick={() => setDialog('supplement')}>
                    {t('dossier.supplement')}
                  </button>
                )}
                {d.status === 'awaitingReturn' && may.returnResult && (
                  <button type="button" className="btn btn-primary" disabled={busy} data-testid="return-result" onClick={() => act(() => api.returnResult(d.id), t('dossier.returned'))}>
                    {t('dossier.return')}
                  </button>
                )}
                {/* Mẫu 04 is issued before the appointment passes; after it the server refuses (APPOINTMENT_PASSED). */}
                {may.act &&
                  (now.getTime() <= Date.parse(d.appointmentAt) ? (
                    <button type="button" className="btn" onClick={() => setDialog('apology')}>
                      {t('dossier.apology')}
                    </button>
                  ) : (
                    <p className="muted small" data-testid="apology-too-late">{t('dossier.apologyTooLate')}</p>
                  ))}
                {may.act && (
                  <button type="button" className="btn btn-danger-outline" onClick={() => setDialog('reject')}>
                    {t('dossier.reject')}
                  </button>
                )}
                {may.withdraw && (
                  <button type="button" className="btn btn-ghost" onClick={() => setDialog('withdraw')}>
                    {t('dossier.withdraw')}
                  </button>
                )}
              </div>
            )}
            {d.pause && (
              <div className="notice notice-warning">
                <strong>{t('dossier.pausedSince', { at: fmt.dateTime(d.pause.requestedAt) })}</strong>
                <div>{d.pause.reason}</div>
                <ul>
                  {d.pause.items.map((item, i) => (
                    <li key={i}>{item}</li>
                  ))}
                </ul>
              </div>
            )}
          </section>

          <DossierDocuments dossierId={d.id} canUpload={can('dossier.file') && !closed} canIssue={can('dossier.result') && !closed} />
          <DossierPayments dossierId={d.id} canRecord={can('payment.record') && !closed && d.status !== 'submitted'} />

          <section className="card">
            <h2>{t('dossier.diagram')}</h2>
            {xml ? <BpmnViewer xml={xml} markers={markers} height={300} testId="dossier-diagram" focus={openTasks.map((task) => task.stepId)} /> : <Loading />}
            <div className="legend">
              <span className="legend-item current">{t('dossier.legendCurrent')}</span>
              <span className="legend-item done">{t('dossier.legendDone')}</span>
            </div>
          </section>

          <section className="card">
            <h2>{t('dossier.history')}</h2>
            <Timeline rows={d.history} person={person} outcomeLabel={outcomeLabel} taskDue={(id) => (id ? (d.tasks.find((task) => task.id === id)?.dueAt ?? null) : null)} stepName={(id) => (id ? (stepNames.get(id) ?? d.tasks.find((task) => task.stepId === id)?.name ?? null) : null)} />
          </section>
        </div>

        <aside className="dossier-side">
          <section className="card">
            <h2>{t('dossier.applicant')}</h2>
            <dl className="facts">
              <dt>{t('reception.name')}</dt>
              <dd className="strong">{d.applicant?.name}</dd>
              <dt>{t('reception.idNumber')}</dt>
              <dd className="mono">{d.applicant?.idNumber}</dd>
              <dt>{t('reception.phone')}</dt>
              <dd>{d.applicant?.phone}</dd>
              {d.applicant?.email && (
                <>
                  <dt>{t('reception.email')}</dt>
                  <dd>{d.applicant.email}</dd>
                </>
              )}
              {d.applicant?.address && (
                <>
                  <dt>{t('reception.address')}</dt>
                  <dd>{d.applicant.address}</dd>
                </>
              )}
            </dl>
          </section>
          {particulars.length > 0 && (
            <section className="card" data-testid="dossier-fields">
              <h2>{t('dossier.fields')}</h2>
              <dl className="facts">
                {particulars.map(({ field, text }) => (
                  <Fragment key={field.key}>
                    <dt>{field.name}</dt>
                    <dd data-field={field.key}>{text}</dd>
                  </Fragment>
                ))}
              </dl>
            </section>
          )}
          <section className="card">
            <h2>{t('dossier.facts')}</h2>
            <dl className="facts">
              <dt>{t('dossier.receivedAt')}</dt>
              <dd>{fmt.dateTime(d.receivedAt)}</dd>
              <dt>{t('dossier.appointmentAt')}</dt>
              <dd className="strong">{fmt.dateTime(d.appointmentAt)}</dd>
              <dt>{t('dossier.channel')}</dt>
              <dd>{channelLabel(t, d.channel ?? 'desk')}</dd>
              <dt>{t('dossier.agency')}</dt>
              <dd>{agencyName(agencies, d.agencyCode, lang)}</dd>
              {d.holdingAgency && d.holdingAgency !== d.agencyCode && (
                <>
                  <dt>{t('dossier.holding')}</dt>
                  <dd>{agencyName(agencies, d.holdingAgency, lang)}</dd>
                </>
              )}
            </dl>
          </section>
          {/* The papers typed at the desk; a procedure's components are in the documents section. */}
          {docs.length > 0 && (
          <section className="card">
            <h2>{t('dossier.documents')}</h2>
            {docs.length === 0 ? (
              <p className="muted">{t('dossier.noDocuments')}</p>
            ) : (
              <ul className="doc-list">
                {docs.map((doc, i) => (
                  <li key={i}>
                    <Icon name="file" /> {doc.name} {doc.copies ? <span className="muted">× {doc.copies}</span> : null}
                  </li>
                ))}
              </ul>
            )}
          </section>
          )}
        </aside>
      </div>

      {paper && <PaperDialog dossierId={d.id} form={paper} onClose={() => setPaper(null)} />}
      {assigning && (
        <AssignDialog
          task={assigning}
          busy={busy}
          onClose={() => setAssigning(null)}
          onAssign={(username, name) => act(() => api.assign(assigning.id, username), t('assign.done', { step: assigning.name, who: name })).then(() => setAssigning(null))}
        />
      )}
      {dialog && (
        <ActionDialog
          kind={dialog}
          busy={busy}
          dossier={d}
          onClose={() => setDialog(null)}
          onSubmit={(input) => {
            const task = openTasks.find(mine) ?? openTasks[0];
            switch (dialog) {
              case 'supplementRequest':
                return act(() => api.supplementRequest(d.id, input.reason, input.items, input.bringBy), t('dossier.supplementRequested'));
              case 'supplement':
                return act(() => api.supplement(d.id, input.items), t('dossier.supplemented'));
              case 'reject':
                return act(() => api.reject(d.id, input.reason), t('dossier.rejected'));
              case 'withdraw':
                return act(() => api.withdraw(d.id, input.reason), t('dossier.withdrawn'));
              case 'apology':
                return act(() => api.apologize(d.id, input.reason, input.at!), t('dossier.apologized'));
              case 'transfer':
                return task ? act(() => api.transfer(d.id, task.id, input.agency!, input.reason || undefined), t('dossier.transferred')) : Promise.resolve();
            }
          }}
        />
      )}
    </div>
  );
}

function Timeline({
  rows,
  stepName,
  taskDue,
  person,
  outcomeLabel,
}: {
  rows: HistoryRow[];
  /** A login as the person's full name. */
  person(username: string): string;
  /** An outcome key as its label on that step. */
  outcomeLabel(stepId: string | null | undefined, key: string): string;
  stepName(stepId: string | null | undefined): string | null;
  taskDue(taskId: string | null | undefined): string | null;
}) {
  const { t, fmt } = useI18n();
  const sorted = [...rows].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  if (sorted.length === 0) return <p className="muted">{t('dossier.noHistory')}</p>;
  return (
    <ol className="timeline" data-testid="timeline">
      {sorted.map((row, i) => {
        const details = (row.details ?? {}) as Record<string, unknown>;
        const extra: ReactNode[] = [];
        if (details.outcome) extra.push(<span key="o">{t('dossier.outcome', { outcome: String(details.outcomeLabel ?? outcomeLabel(row.stepId, String(details.outcome))) })}</span>);
        if (row.type === 'assigned' && typeof details.assignee === 'string') extra.push(<span key="a">{t('assign.to', { who: person(details.assignee) })}</span>);
        if (details.comment) extra.push(<span key="c">“{String(details.comment)}”</span>);
        // What the clerk typed, whole, in either language: it is not a message of the app.
        if (details.reason) extra.push(<span key="r">{String(details.reason)}</span>);
        if (Array.isArray(details.items) && details.items.length) extra.push(<span key="i">{(details.items as unknown[]).map(String).join('; ')}</span>);
        const due = row.dueAt ?? (typeof details.dueAt === 'string' ? details.dueAt : null) ?? (row.type === 'completed' || row.type === 'claimed' ? taskDue(row.taskId) : null);
        const moved = row.appointmentBefore && row.appointmentAfter && row.appointmentBefore !== row.appointmentAfter;
        return (
          <li key={i} className={`timeline-item type-${row.type}`}>
            <div className="timeline-dot" />
            <div className="timeline-body">
              <div className="timeline-head">
                <strong>{historyLabel(t, row.type)}</strong>
                {(() => {
                  const name = row.stepName ?? (typeof details.stepName === 'string' ? details.stepName : null) ?? stepName(row.stepId);
                  return name ? <span> · {name}</span> : null;
                })()}
                <span className="muted small timeline-at">{fmt.dateTime(row.at)}</span>
              </div>
              <div className="small">
                {row.actorName || row.actor ? t('dossier.by', { who: String(row.actorName ?? person(String(row.actor))) }) : t('dossier.bySystem')}
                {due && <span> · {t('dossier.dueAt', { at: fmt.dateTime(due) })}</span>}
                {details.verdict ? <span> · <VerdictBadge verdict={String(details.verdict)} /></span> : null}
              </div>
              {row.type === 'received' && row.appointmentAfter && <div className="small">{t('dossier.appointmentSet', { at: fmt.dateTime(row.appointmentAfter) })}</div>}
              {moved && <div className="small">{t('dossier.appointmentMoved', { from: fmt.dateTime(row.appointmentBefore), to: fmt.dateTime(row.appointmentAfter) })}</div>}
              {extra.length > 0 && <div className="small timeline-extra">{extra}</div>}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

function ActionDialog({
  kind,
  busy,
  dossier,
  onClose,
  onSubmit,
}: {
  kind: Exclude<Dialog, null>;
  busy: boolean;
  dossier: Dossier;
  onClose(): void;
  onSubmit(input: { reason: string; items: string[]; agency?: string; at?: string; bringBy?: string }): Promise<unknown> | void;
}) {
  const { t, lang } = useI18n();
  const agencies = useAgencies();
  const [reason, setReason] = useState('');
  const [items, setItems] = useState(kind === 'supplement' ? (dossier.pause?.items ?? []).join('\n') : '');
  const [agency, setAgency] = useState('');
  // The date the citizen is asked to bring the papers by (shown on the lookup page).
  const [bringBy, setBringBy] = useState('');
  const calendar = currentCalendar();
  const [at, setAt] = useState(() => toLocalInput(new Date(Math.max(Date.parse(dossier.appointmentAt), serverNow().getTime()) + 2 * 86_400_000)));
  const needsReason = kind !== 'supplement';
  const needsItems = kind === 'supplementRequest' || kind === 'supplement';
  const list = items.split('\n').map((s) => s.trim()).filter(Boolean);
  const valid = (!needsReason || reason.trim() !== '' || kind === 'withdraw' || kind === 'transfer') && (!needsItems || list.length > 0) && (kind !== 'transfer' || agency !== '');
  return (
    <Modal
      title={t(`dialog.${kind}.title` as MessageKey)}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className={kind === 'reject' ? 'btn btn-danger' : 'btn btn-primary'}
            disabled={!valid || busy}
            onClick={() => {
              const instant = kind === 'apology' ? fromLocalInput(calendar, at)?.toISOString() : undefined;
              void onSubmit({ reason: reason.trim(), items: list, agency, at: instant, bringBy: kind === 'supplementRequest' && bringBy ? bringBy : undefined });
            }}
          >
            {t(`dialog.${kind}.submit` as MessageKey)}
          </button>
        </>
      }
    >
      <p className="muted">{t(`dialog.${kind}.explain` as MessageKey)}</p>
      {kind === 'transfer' && (
        <label className="field">
          <span>{t('dialog.transfer.agency')}</span>
          <select value={agency} onChange={(e) => setAgency(e.target.value)}>
            <option value="">{t('dialog.transfer.choose')}</option>
            {agencies
              .filter((a) => a.code !== dossier.holdingAgency)
              .map((a) => (
                <option key={a.code} value={a.code}>
                  {agencyName(agencies, a.code, lang)} ({a.code})
                </option>
              ))}
          </select>
        </label>
      )}
      {kind === 'apology' && (
        <label className="field">
          <span>{t('dialog.apology.at')}</span>
          <input type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} />
        </label>
      )}
      {needsItems && (
        <label className="field">
          <span>{t('dialog.items')}</span>
          <textarea rows={4} value={items} onChange={(e) => setItems(e.target.value)} placeholder={t('dialog.itemsPlaceholder')} />
        </label>
      )}
      {kind === 'supplementRequest' && (
        <label className="field">
          <span>{t('dialog.supplementRequest.bringBy')}</span>
          <input type="date" name="bringBy" value={bringBy} onChange={(e) => setBringBy(e.target.value)} />
        </label>
      )}
      {needsReason && (
        <label className="field">
          <span>{kind === 'transfer' || kind === 'withdraw' ? t('dialog.note') : t('dialog.reason')}</span>
          <textarea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
      )}
    </Modal>
  );
}
