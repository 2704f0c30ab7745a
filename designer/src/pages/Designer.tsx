// The procedure designer: draw the internal procedure (quy trình nội bộ) of an
// administrative procedure, see every problem as you draw, check the time budget and
// simulate the dates, then deploy a new version. Open/save .bpmn files; a file without
// diagram information is laid out automatically.
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { Container } from '../../../engine/index.js';
import { ApiError } from '../api/client.js';
import { api } from '../api/endpoints.js';
import type { ProcedureDetail } from '../api/types.js';
import { ErrorNotice, Loading, errorText } from '../components/ErrorNotice.js';
import { useToasts } from '../components/Toasts.js';
import { bilingual, useI18n, type MessageKey } from '../i18n/index.js';
import { kindLabel, levelLabel, roleLabel } from '../labels.js';
import { layOut, layoutIfNeeded, type DiagramGap } from '../modeler/autoLayout.js';
import { BudgetBar } from '../modeler/BudgetBar.js';
import { ModelerView, type ModelerHandle, type ModelState } from '../modeler/ModelerView.js';
import { newProcedureXml, PROCEDURE_KEY } from '../modeler/newProcedure.js';
import { ProblemList } from '../modeler/ProblemList.js';
import { SimulationView } from '../modeler/SimulationView.js';
import { VersionHistory } from '../modeler/VersionHistory.js';
import { agencyName, loadStepRoles, useAgencies } from '../reference.js';
import { Link, navigate, setLeaveGuard } from '../router.js';
import { Modal } from '../components/Modal.js';
import { flowLabel, keyFromName } from '../modeler/humanValues.js';
import type { DeployRecord, ProcedureDraft } from '../api/endpoints.js';
import { currentCalendar, serverNow } from '../time.js';
import { useSession } from '../session.js';
import { Icon } from '../components/Icon.js';
import { shownProcedureCode } from '../../../engine/model/procedureCode.js';

type Tab = 'design' | 'simulation' | 'versions';

function namesOf(container: Container, into: Record<string, string> = {}): Record<string, string> {
  for (const node of Object.values(container.nodes)) {
    into[node.id] = node.name || node.id;
    if (node.type === 'subProcess') namesOf(node.container, into);
  }
  // A flow without a name is the way from one step to the next, never `Flow_0oep0ez`.
  for (const flow of Object.values(container.flows)) into[flow.id] = flow.name || flowLabel(into[flow.source] ?? flow.source, into[flow.target] ?? flow.target);
  return into;
}

/** The draft of a procedure not deployed yet. */
const NEW_DRAFT = 'new';

function download(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/xml' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export default function Designer({ params }: { params: Record<string, string> }) {
  const key = params.key ?? null;
  const { t, lang, fmt } = useI18n();
  const { can } = useSession();
  const { notify } = useToasts();
  const agencies = useAgencies();
  const [detail, setDetail] = useState<ProcedureDetail | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [initialXml, setInitialXml] = useState<string | null>(null);
  const [state, setState] = useState<ModelState | null>(null);
  const [tab, setTab] = useState<Tab>('design');
  const [roles, setRoles] = useState<string[]>([]);
  const [deploying, setDeploying] = useState(false);
  const [deployError, setDeployError] = useState<unknown>(null);
  const [baseVersion, setBaseVersion] = useState<number | null>(null);
  // What the last automatic layout could not draw (flow nodes without a shape, flows
  // without an edge): still in the file, invisible on the canvas, so named here.
  const [layoutGaps, setLayoutGaps] = useState<DiagramGap[]>([]);
  const modeler = useRef<ModelerHandle>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const mayDeploy = can('procedure.deploy');
  // Unsaved work: the XML differs from what was last loaded, saved as a draft or deployed.
  const baseline = useRef<string | null>(null);
  const [dirty, setDirty] = useState(false);
  const [draft, setDraft] = useState<ProcedureDraft | null>(null);
  const [draftSavedAt, setDraftSavedAt] = useState<string | null>(null);
  const [deployDialog, setDeployDialog] = useState(false);
  const draftKey = key ?? NEW_DRAFT;

  const onModelChange = (next: ModelState) => {
    setState(next);
    if (baseline.current === null) baseline.current = next.xml;
    setDirty(next.xml !== baseline.current);
  };

  // Leaving with unsaved changes asks first: inside the app, and on reload or close.
  const dirtyRef = useRef(false);
  dirtyRef.current = dirty;
  useEffect(() => {
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (!dirtyRef.current) return;
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', beforeUnload);
    setLeaveGuard(() => !dirtyRef.current || window.confirm(t('designer.leaveConfirm')));
    return () => {
      window.removeEventListener('beforeunload', beforeUnload);
      setLeaveGuard(null);
    };
  }, [t]);

  // A draft kept on the server for this procedure and officer: offered when the page opens.
  useEffect(() => {
    setDraft(null);
    setDraftSavedAt(null);
    if (!mayDeploy) return;
    let live = true;
    api.draft(draftKey).then(
      (found) => live && setDraft(found),
      () => undefined, // 404: none
    );
    return () => {
      live = false;
    };
  }, [draftKey, mayDeploy]);

  const restoreDraft = async (found: ProcedureDraft) => {
    setDraft(null);
    baseline.current = null;
    if (initialXml === null) setInitialXml(found.xml);
    else await modeler.current?.importXml(found.xml);
    setBaseVersion(found.baseVersion);
    setDraftSavedAt(found.savedAt);
    notify({ kind: 'info', title: t('designer.draftRestored') });
  };

  const discardDraft = async () => {
    setDraft(null);
    await api.deleteDraft(draftKey).catch(() => undefined);
  };

  const saveDraft = async () => {
    const xml = (await modeler.current?.saveXml()) ?? state?.xml;
    if (!xml) return;
    try {
      const saved = await api.saveDraft(draftKey, xml, baseVersion);
      baseline.current = state?.xml ?? xml;
      setDirty(false);
      setDraftSavedAt(saved.savedAt);
      notify({ kind: 'success', title: t('designer.draftSaved') });
    } catch (e) {
      notify({ kind: 'danger', title: t('designer.draftSaveFailed'), body: errorText(e, lang) });
    }
  };

  useEffect(() => {
    void loadStepRoles(can('user.manage')).then(setRoles);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const loadDetail = async (procedureKey: string, resetXml: boolean) => {
    try {
      const found = await api.procedure(procedureKey);
      setDetail(found);
      if (resetXml) {
        setInitialXml(found.xml);
        setBaseVersion(found.version);
      }
      setLoadError(null);
    } catch (e) {
      setLoadError(e);
    }
  };

  useEffect(() => {
    setDetail(null);
    setState(null);
    setTab('design');
    setLayoutGaps([]);
    if (key) {
      setInitialXml(null);
      void loadDetail(key, true);
    } else {
      setInitialXml(null);
      setBaseVersion(null);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const roleOptions = useMemo(() => roles.map((r) => ({ value: r, label: roleLabel(t, r) })), [roles, t]);
  const agencyOptions = useMemo(() => {
    const kinds = [...new Set(agencies.map((a) => a.kind).filter((k): k is string => !!k && k !== 'people-committee'))];
    return [
      { value: '', label: t('panel.agency.receiving') },
      { value: '@parent', label: t('panel.agency.parent') },
      ...kinds.map((k) => ({ value: `kind:${k}`, label: t('panel.agency.kind', { kind: kindLabel(t, k) }) })),
      ...agencies.map((a) => ({ value: a.code, label: `${agencyName(agencies, a.code, lang)} (${a.code})` })),
    ];
  }, [agencies, t, lang]);

  const agencyOf = (selector: string | null) => {
    if (!selector || selector === '@receiving') return t('panel.agency.receiving');
    if (selector === '@parent') return t('panel.agency.parent');
    if (selector.startsWith('kind:')) return t('panel.agency.kind', { kind: kindLabel(t, selector.slice(5)) });
    return agencyName(agencies, selector, lang);
  };

  const names = useMemo(() => {
    if (!state?.model) return {};
    return { ...namesOf(state.model.root), [state.model.key]: state.model.name || state.model.key };
  }, [state?.model]);

  const errors = state?.problems.filter((p) => p.severity === 'error').length ?? 0;
  const canDeploy = mayDeploy && !!state && !state.validating && errors === 0 && !!state.model;

  const openFile = async (file: File) => {
    try {
      const text = await file.text();
      const { xml, laidOut, gaps } = await layoutIfNeeded(text);
      if (initialXml === null) setInitialXml(xml);
      else await modeler.current?.importXml(xml);
      setLayoutGaps(gaps);
      setBaseVersion(null);
      notify({ kind: 'success', title: t('designer.opened', { file: file.name }), body: laidOut ? t('designer.laidOut') : undefined });
      setTab('design');
    } catch (e) {
      notify({ kind: 'danger', title: t('designer.openFailed'), body: errorText(e, lang) });
    }
  };

  const save = async () => {
    const xml = (await modeler.current?.saveXml()) ?? state?.xml;
    if (!xml) return;
    download(`${state?.model?.key ?? key ?? 'thu-tuc'}.bpmn`, xml);
  };

  const relayout = async () => {
    if (!window.confirm(t('designer.relayoutConfirm'))) return;
    const xml = await modeler.current?.saveXml();
    if (!xml) return;
    try {
      const { xml: laidOut, gaps } = await layOut(xml);
      await modeler.current?.importXml(laidOut);
      setLayoutGaps(gaps);
    } catch (e) {
      notify({ kind: 'danger', title: t('designer.layoutFailed'), body: errorText(e, lang) });
    }
  };

  const deploy = async (record: DeployRecord) => {
    if (!canDeploy) return;
    setDeploying(true);
    setDeployError(null);
    try {
      const xml = (await modeler.current?.saveXml()) ?? state!.xml;
      const result = await api.deploy(xml, record);
      setDeployDialog(false);
      notify({ kind: 'success', title: t('designer.deployed', { name: state?.model?.name || result.key, version: result.version }), body: result.warnings?.length ? t('designer.deployedWarnings', { n: result.warnings.length }) : undefined });
      // Deployed: nothing unsaved, and the draft has served its purpose.
      baseline.current = state?.xml ?? xml;
      setDirty(false);
      await api.deleteDraft(draftKey).catch(() => undefined);
      setDraftSavedAt(null);
      setBaseVersion(result.version);
      if (result.key !== key) navigate(`/quy-trinh/${encodeURIComponent(result.key)}`, { replace: true });
      else await loadDetail(result.key, false);
    } catch (e) {
      setDeployDialog(false);
      setDeployError(e);
    } finally {
      setDeploying(false);
    }
  };

  const draftOffer = draft && (
    <div className="notice notice-info draft-offer" data-testid="draft-offer" role="status">
      <span>{t('designer.draftFound', { at: fmt.dateTime(draft.savedAt) })}</span>
      <button type="button" className="btn btn-primary" data-testid="restore-draft" onClick={() => void restoreDraft(draft)}>
        {t('designer.draftRestore')}
      </button>
      <button type="button" className="btn" onClick={() => void discardDraft()}>
        {t('designer.draftDiscard')}
      </button>
    </div>
  );

  useEffect(() => {
    if (tab === 'design') window.setTimeout(() => modeler.current?.resized(), 0);
  }, [tab]);

  if (loadError) {
    return (
      <div className="page-pad">
        <ErrorNotice error={loadError} />
        <Link href="/quy-trinh">{t('procedures.title')}</Link>
      </div>
    );
  }

  const fileButton = (
    <>
      <input
        ref={fileInput}
        type="file"
        accept=".bpmn,.xml,application/xml,text/xml"
        hidden
        data-testid="open-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void openFile(file);
          e.target.value = '';
        }}
      />
      <button type="button" className="btn" onClick={() => fileInput.current?.click()}>
        <Icon name="open" /> {t('designer.open')}
      </button>
    </>
  );

  if (initialXml === null) {
    if (key) return <Loading />;
    return (
      <>
        {draftOffer}
        <NewProcedureForm onCreate={(xml) => setInitialXml(xml)} fileButton={fileButton} />
      </>
    );
  }

  const model = state?.model;
  const title = model?.name || detail?.name || key || t('designer.untitled');
  return (
    <div className="designer">
      <div className="designer-toolbar">
        <div className="designer-title">
          <Link href="/quy-trinh" className="back" aria-label={t('procedures.title')}>
            <Icon name="back" size={18} />
          </Link>
          <div>
            <h1 title={title}>{title}</h1>
            <div className="designer-meta">
              {shownProcedureCode(model?.code) && <span className="mono">{shownProcedureCode(model?.code)}</span>}

              {model?.level && <span>{levelLabel(t, model.level)}</span>}
            </div>
          </div>
        </div>
        <div className="tabs" role="tablist">
          {(['design', 'simulation', 'versions'] as Tab[]).map((name) => (
            <button key={name} type="button" role="tab" aria-selected={tab === name} className={tab === name ? 'tab active' : 'tab'} onClick={() => setTab(name)} disabled={name === 'versions' && !detail}>
              {t(`designer.tab.${name}` as MessageKey)}
            </button>
          ))}
        </div>
        <div className="designer-actions">
          {fileButton}
          {mayDeploy && (
            <button type="button" className="btn" onClick={() => void saveDraft()} disabled={!state} data-testid="save-draft">
              <Icon name="download" /> {t('designer.saveDraft')}
            </button>
          )}
          <button type="button" className="btn" onClick={save} disabled={!state}>
            <Icon name="download" /> {t('designer.save')}
          </button>
          <button type="button" className="btn" onClick={relayout} disabled={!state}>
            <Icon name="layout" /> {t('designer.relayout')}
          </button>
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => {
              setDeployError(null);
              setDeployDialog(true);
            }}
            disabled={!canDeploy || deploying}
            data-testid="deploy"
            title={!mayDeploy ? t('designer.deployAdminOnly') : errors > 0 ? t('designer.deployBlocked', { n: errors }) : ''}
          >
            <Icon name="upload" /> {deploying ? t('common.wait') : t('designer.deploy')}
          </button>
        </div>
      </div>
      <div className="designer-status">
        <BudgetBar budget={state?.budget ?? null} />
        <span className="spacer" />
        {dirty ? (
          <span className="badge tone-warning" data-testid="unsaved">{t('designer.unsaved')}</span>
        ) : draftSavedAt ? (
          <span className="badge tone-success" data-testid="draft-saved">{t('designer.draftSavedAt', { at: fmt.dateTime(draftSavedAt) })}</span>
        ) : null}
        {detail && <span className="badge tone-info">{t('designer.deployedVersion', { version: detail.version })}</span>}
        {baseVersion !== null && detail && baseVersion !== detail.version && <span className="badge tone-warning">{t('designer.editingFrom', { version: baseVersion })}</span>}
        {errors > 0 && (
          <span className="deploy-blocked" data-testid="deploy-blocked">
            <Icon name="error" /> {t('designer.deployBlocked', { n: errors })}
          </span>
        )}
      </div>
      {draftOffer}
      {deployDialog && state?.model && (
        <DeployDialog
          budget={state.budget}
          firstVersion={!detail}
          busy={deploying}
          onClose={() => setDeployDialog(false)}
          onDeploy={(record) => void deploy(record)}
        />
      )}
      {layoutGaps.length > 0 && (
        <div className="notice notice-warning designer-layout-gaps" role="alert" data-testid="layout-gaps">
          <div className="designer-layout-gaps-head">
            <strong>{t('designer.layoutGaps', { n: layoutGaps.length })}</strong>
            <button type="button" className="link" onClick={() => setLayoutGaps([])}>
              {t('common.close')}
            </button>
          </div>
          <p>{t('designer.layoutGapsHint')}</p>
          <ul>
            {layoutGaps.map((gap) => (
              <li key={gap.id} data-element-id={gap.id}>
                <span className="mono">{gap.id}</span>
                {gap.name && <> — {gap.name}</>}: {t(gap.missing === 'shape' ? 'designer.layoutGaps.shape' : 'designer.layoutGaps.edge')}
              </li>
            ))}
          </ul>
        </div>
      )}
      {deployError != null && (
        <div className="designer-deploy-error">
          <ErrorNotice error={deployError} title={t('designer.deployFailed')} />
          {deployError instanceof ApiError &&
            deployError.detailList.some((d) => d.elementId) &&
            deployError.detailList.map((d, i) =>
              d.elementId ? (
                <button key={i} type="button" className="link" onClick={() => modeler.current?.select(String(d.elementId))}>
                  {names[String(d.elementId)] ?? String(d.elementId)}: {bilingual(lang, String(d.message ?? ''), d.messageEn)}
                </button>
              ) : null,
            )}
        </div>
      )}
      <div className="designer-body" hidden={tab !== 'design'}>
        <ModelerView ref={modeler} initialXml={initialXml} roles={roleOptions} agencies={agencyOptions} onChange={onModelChange} />
        <ProblemList
          problems={state?.problems ?? []}
          names={names}
          validating={state?.validating ?? true}
          onSelect={(id) => modeler.current?.select(id)}
        />
      </div>
      {tab === 'simulation' && (
        <div className="designer-tab">
          <SimulationView model={state?.model ?? null} budget={state?.budget ?? null} agencyName={agencyOf} />
        </div>
      )}
      {tab === 'versions' && detail && (
        <div className="designer-tab">
          <VersionHistory
            procedureKey={detail.key}
            versions={detail.versions ?? [{ version: detail.version, deployedAt: detail.deployedAt, deployedBy: detail.deployedBy }]}
            onOpen={async (xml, version) => {
              await modeler.current?.importXml(xml);
              setBaseVersion(version);
              setTab('design');
              notify({ kind: 'info', title: t('versions.opened', { version }) });
            }}
          />
        </div>
      )}
    </div>
  );
}

function NewProcedureForm({ onCreate, fileButton }: { onCreate(xml: string): void; fileButton: React.ReactNode }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  // Derived from the name, never typed (issue 20).
  const key = keyFromName(name);
  const [code, setCode] = useState('');
  const [level, setLevel] = useState('commune');
  const [days, setDays] = useState('5');
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!PROCEDURE_KEY.test(key)) {
      setError(t('newProcedure.keyInvalid'));
      return;
    }
    const limit = days.trim().replace(',', '.');
    if (limit && !/^\d+(\.\d+)?$/.test(limit)) {
      setError(t('newProcedure.daysInvalid'));
      return;
    }
    onCreate(
      newProcedureXml({ key, name: name.trim(), code: code.trim(), level, timeLimit: limit ? `P${limit}D` : '', startName: t('newProcedure.startName') }),
    );
  };

  return (
    <div className="page-pad narrow">
      <h1>{t('newProcedure.title')}</h1>
      <p className="muted">{t('newProcedure.intro')}</p>
      <form className="form card" onSubmit={submit}>
        <label className="field">
          <span>{t('newProcedure.name')}</span>
          <input name="name" value={name} onChange={(e) => setName(e.target.value)} required placeholder={t('newProcedure.namePlaceholder')} />
        </label>
        <div className="form-row">
          <label className="field">
            <span>{t('panel.code')}</span>
            <input name="code" value={code} onChange={(e) => setCode(e.target.value)} placeholder="1.001193" spellCheck={false} />
            <small className="muted">{t('panel.codeHint')}</small>
          </label>
        </div>
        <div className="form-row">
          <label className="field">
            <span>{t('panel.level')}</span>
            <select name="level" value={level} onChange={(e) => setLevel(e.target.value)}>
              <option value="commune">{t('level.commune')}</option>
              <option value="district">{t('level.district')}</option>
              <option value="province">{t('level.province')}</option>
            </select>
          </label>
          <label className="field">
            <span>{t('newProcedure.days')}</span>
            <input name="timeLimit" value={days} onChange={(e) => setDays(e.target.value)} inputMode="decimal" />
          </label>
        </div>
        {error && <div className="notice notice-danger">{error}</div>}
        <div className="form-actions">
          {fileButton}
          <button type="submit" className="btn btn-primary" data-testid="create-procedure">
            {t('newProcedure.create')}
          </button>
        </div>
      </form>
    </div>
  );
}

/**
 * Deploying a version asks what the record needs (issue 20): what changed, the number of
 * the decision that approved it and the date it takes effect; and when the steps exceed
 * the legal time limit, a confirmation with the reason.
 */
function DeployDialog({ budget, firstVersion, busy, onClose, onDeploy }: { budget: ModelState['budget']; firstVersion: boolean; busy: boolean; onClose(): void; onDeploy(record: DeployRecord): void }) {
  const { t, fmt } = useI18n();
  const [note, setNote] = useState(firstVersion ? t('designer.deploy.firstNote') : '');
  const [decision, setDecision] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState(() => currentCalendar().localDate(serverNow()));
  const [confirmOver, setConfirmOver] = useState(false);
  const [reason, setReason] = useState('');
  const over = !!budget && budget.limitMinutes !== null && budget.longestMinutes > budget.limitMinutes + 1e-6;
  const days = (minutes: number) => fmt.number(Math.round((minutes / budget!.dayMinutes) * 100) / 100, 2);
  const valid = note.trim() !== '' && decision.trim() !== '' && effectiveFrom !== '' && (!over || (confirmOver && reason.trim() !== ''));
  return (
    <Modal
      title={t('designer.deploy.title')}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className="btn btn-primary"
            data-testid="confirm-deploy"
            disabled={!valid || busy}
            onClick={() => onDeploy({ note: note.trim(), decision: decision.trim(), effectiveFrom, overLimitReason: over ? reason.trim() : undefined })}
          >
            {busy ? t('common.wait') : t('designer.deploy')}
          </button>
        </>
      }
    >
      <p className="muted">{t('designer.deploy.explain')}</p>
      <label className="field">
        <span>{t('designer.deploy.note')}</span>
        <textarea name="note" rows={3} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('designer.deploy.notePlaceholder')} />
      </label>
      <div className="form-row">
        <label className="field">
          <span>{t('designer.deploy.decision')}</span>
          <input name="decision" value={decision} onChange={(e) => setDecision(e.target.value)} placeholder="1234/QĐ-UBND" />
        </label>
        <label className="field">
          <span>{t('designer.deploy.effectiveFrom')}</span>
          <input type="date" name="effectiveFrom" value={effectiveFrom} onChange={(e) => setEffectiveFrom(e.target.value)} />
        </label>
      </div>
      {over && budget && budget.limitMinutes !== null && (
        <div className="notice notice-danger" data-testid="over-limit">
          <p>{t('designer.deploy.over', { steps: days(budget.longestMinutes), limit: days(budget.limitMinutes) })}</p>
          <label className="check">
            <input type="checkbox" name="confirmOver" checked={confirmOver} onChange={(e) => setConfirmOver(e.target.checked)} /> {t('designer.deploy.overConfirm')}
          </label>
          {confirmOver && (
            <label className="field">
              <span>{t('designer.deploy.overReason')}</span>
              <textarea name="overLimitReason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
            </label>
          )}
        </div>
      )}
    </Modal>
  );
}
