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
import { Link, navigate } from '../router.js';
import { useSession } from '../session.js';
import { Icon } from '../components/Icon.js';

type Tab = 'design' | 'simulation' | 'versions';

function namesOf(container: Container, into: Record<string, string> = {}): Record<string, string> {
  for (const node of Object.values(container.nodes)) {
    into[node.id] = node.name || node.id;
    if (node.type === 'subProcess') namesOf(node.container, into);
  }
  for (const flow of Object.values(container.flows)) into[flow.id] = flow.name || flow.id;
  return into;
}

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
  const { t, lang } = useI18n();
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

  const deploy = async () => {
    if (!canDeploy) return;
    setDeploying(true);
    setDeployError(null);
    try {
      const xml = (await modeler.current?.saveXml()) ?? state!.xml;
      const result = await api.deploy(xml);
      notify({ kind: 'success', title: t('designer.deployed', { key: result.key, version: result.version }), body: result.warnings?.length ? t('designer.deployedWarnings', { n: result.warnings.length }) : undefined });
      setBaseVersion(result.version);
      if (result.key !== key) navigate(`/quy-trinh/${encodeURIComponent(result.key)}`, { replace: true });
      else await loadDetail(result.key, false);
    } catch (e) {
      setDeployError(e);
    } finally {
      setDeploying(false);
    }
  };

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
    return <NewProcedureForm onCreate={(xml) => setInitialXml(xml)} fileButton={fileButton} />;
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
              {model?.code && <span className="mono">{model.code}</span>}
              {model?.key && <span className="mono muted">{model.key}</span>}
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
          <button type="button" className="btn" onClick={save} disabled={!state}>
            <Icon name="download" /> {t('designer.save')}
          </button>
          <button type="button" className="btn" onClick={relayout} disabled={!state}>
            <Icon name="layout" /> {t('designer.relayout')}
          </button>
          <button
            type="button"
            className="btn btn-primary"
            onClick={deploy}
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
        {detail && <span className="badge tone-info">{t('designer.deployedVersion', { version: detail.version })}</span>}
        {baseVersion !== null && detail && baseVersion !== detail.version && <span className="badge tone-warning">{t('designer.editingFrom', { version: baseVersion })}</span>}
        {errors > 0 && (
          <span className="deploy-blocked" data-testid="deploy-blocked">
            <Icon name="error" /> {t('designer.deployBlocked', { n: errors })}
          </span>
        )}
      </div>
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
        <ModelerView ref={modeler} initialXml={initialXml} roles={roleOptions} agencies={agencyOptions} onChange={setState} />
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
  const [key, setKey] = useState('');
  const [code, setCode] = useState('');
  const [level, setLevel] = useState('commune');
  const [days, setDays] = useState('5');
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!PROCEDURE_KEY.test(key.trim())) {
      setError(t('newProcedure.keyInvalid'));
      return;
    }
    const limit = days.trim().replace(',', '.');
    if (limit && !/^\d+(\.\d+)?$/.test(limit)) {
      setError(t('newProcedure.daysInvalid'));
      return;
    }
    onCreate(
      newProcedureXml({ key: key.trim(), name: name.trim(), code: code.trim(), level, timeLimit: limit ? `P${limit}D` : '', startName: t('newProcedure.startName') }),
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
            <span>{t('newProcedure.key')}</span>
            <input name="key" value={key} onChange={(e) => setKey(e.target.value)} required placeholder="cap_ban_sao_trich_luc" spellCheck={false} />
            <small className="muted">{t('newProcedure.keyHint')}</small>
          </label>
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
