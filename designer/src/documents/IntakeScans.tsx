// At reception: the procedure's components (`<mc:component>`) as a checklist the clerk
// ticks, and the scans (số hóa) — dropped on the page or picked several at once, as a
// scanner's folder holds them — each attached to its component. A required component
// not ticked: the clerk chooses to stop (the server refuses, COMPONENTS_MISSING) or to
// receive with a supplement request for it (CONTRACT.md §6.2, issue 16).
import './documents.css';
import { useEffect, useMemo, useState, type DragEvent } from 'react';
import type { MissingComponentChoice } from '../../../contract/index.js';
import { api } from '../api/endpoints.js';
import { importBpmn, missingRequiredComponents, type DossierComponent } from '../../../engine/index.js';
import { useI18n } from '../i18n/index.js';
import { ACCEPTED_FILES, documentsApi } from './api.js';

export interface AttachedScan {
  file: File;
  /** A component key, or '' for a working file. */
  component: string;
}

export interface IntakeScansState {
  components: DossierComponent[];
  ticked: string[];
  toggle(key: string): void;
  scans: AttachedScan[];
  attach(files: FileList | File[]): void;
  assign(index: number, component: string): void;
  detach(index: number): void;
  missing: DossierComponent[];
  choice: MissingComponentChoice;
  setChoice(choice: MissingComponentChoice): void;
  /** What POST /dossiers takes from the checklist (nothing when the procedure lists no component). */
  receiveFields(): { components?: string[]; missingComponents?: MissingComponentChoice };
  /** Uploads every scan to the received dossier; the names of those that failed. */
  uploadAll(dossierId: string): Promise<string[]>;
  reset(): void;
}

export function useIntakeScans(procedureKey: string): IntakeScansState {
  const [components, setComponents] = useState<DossierComponent[]>([]);
  const [ticked, setTicked] = useState<string[]>([]);
  const [scans, setScans] = useState<AttachedScan[]>([]);
  const [choice, setChoice] = useState<MissingComponentChoice>('refuse');

  useEffect(() => {
    setComponents([]);
    setTicked([]);
    setChoice('refuse');
    if (!procedureKey) return;
    let alive = true;
    api.procedure(procedureKey).then(
      async (detail) => {
        const imported = await importBpmn(detail.xml);
        if (alive) setComponents(imported.model?.components ?? []);
      },
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, [procedureKey]);

  const missing = useMemo(() => missingRequiredComponents(components, ticked), [components, ticked]);

  return {
    components,
    ticked,
    toggle: (key) => setTicked((all) => (all.includes(key) ? all.filter((k) => k !== key) : [...all, key])),
    scans,
    attach: (files) => {
      // Copied now: a file input's FileList empties when the input is reset.
      const picked = Array.from(files);
      setScans((all) => {
        const next = [...all];
        for (const file of picked) {
          // The next component without a scan yet, in the procedure's order.
          const free = components.find((c) => !next.some((s) => s.component === c.key));
          next.push({ file, component: free?.key ?? '' });
        }
        return next;
      });
    },
    assign: (index, component) => setScans((all) => all.map((s, i) => (i === index ? { ...s, component } : s))),
    detach: (index) => setScans((all) => all.filter((_, i) => i !== index)),
    missing,
    choice,
    setChoice,
    receiveFields: () => (components.length === 0 ? {} : { components: ticked, ...(missing.length > 0 ? { missingComponents: choice } : {}) }),
    async uploadAll(dossierId) {
      const failed: string[] = [];
      for (const scan of scans) {
        try {
          await documentsApi.upload(dossierId, scan.file, scan.component ? { component: scan.component } : {});
        } catch {
          failed.push(scan.file.name);
        }
      }
      return failed;
    },
    reset: () => {
      setTicked([]);
      setScans([]);
      setChoice('refuse');
    },
  };
}

const sizeText = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} kB`);

export function IntakeScans({ state }: { state: IntakeScansState }) {
  const { t } = useI18n();
  const [over, setOver] = useState(false);
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    if (event.dataTransfer.files.length > 0) state.attach(event.dataTransfer.files);
  };
  return (
    <fieldset className="intake-scans" data-testid="intake-scans">
      <legend>{t('documents.components')}</legend>
      {state.components.length === 0 ? (
        <p className="muted small">{t('documents.noComponents')}</p>
      ) : (
        <table className="table compact component-checklist">
          <thead>
            <tr>
              <th>{t('documents.received')}</th>
              <th>{t('documents.component')}</th>
              <th>{t('documents.kind')}</th>
              <th>{t('documents.copies')}</th>
              <th>{t('documents.scans')}</th>
            </tr>
          </thead>
          <tbody>
            {state.components.map((c) => (
              <tr key={c.key} data-component={c.key}>
                <td>
                  <input type="checkbox" aria-label={`${t('documents.received')}: ${c.name}`} checked={state.ticked.includes(c.key)} onChange={() => state.toggle(c.key)} data-testid={`tick-${c.key}`} />
                </td>
                <td>
                  {c.name} {c.required ? <span className="badge badge-warn">{t('documents.required')}</span> : <span className="muted small">{t('documents.optional')}</span>}
                </td>
                <td>{t(`documents.kind.${c.kind}`)}</td>
                <td>{c.copies}</td>
                <td>{state.scans.filter((s) => s.component === c.key).length || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div
        className={`drop-zone ${over ? 'drop-over' : ''}`}
        data-testid="drop-zone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
      >
        <p>{t('documents.dropHere')}</p>
        <label className="btn btn-sm">
          {t('documents.pickFiles')}
          <input type="file" multiple accept={ACCEPTED_FILES} hidden data-testid="scan-input" onChange={(e) => e.target.files && (state.attach(e.target.files), (e.target.value = ''))} />
        </label>
        <small className="muted">{t('documents.accepted')}</small>
      </div>
      {state.scans.length > 0 && (
        <ul className="scan-list" data-testid="scan-list">
          {state.scans.map((scan, i) => (
            <li key={`${scan.file.name}-${i}`}>
              <span className="grow">
                {scan.file.name} <span className="muted small">{sizeText(scan.file.size)}</span>
              </span>
              <select aria-label={t('documents.component')} value={scan.component} onChange={(e) => state.assign(i, e.target.value)} data-testid={`scan-component-${i}`}>
                {state.components.map((c) => (
                  <option key={c.key} value={c.key}>
                    {c.name}
                  </option>
                ))}
                <option value="">{t('documents.workingFile')}</option>
              </select>
              <button type="button" className="btn btn-ghost btn-sm" onClick={() => state.detach(i)} aria-label={t('common.remove')}>
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      {state.missing.length > 0 && (
        <div className="missing-choice" role="group" aria-label={t('documents.missingTitle')} data-testid="missing-choice">
          <p className="warn">{t('documents.missing', { names: state.missing.map((c) => c.name).join('; ') })}</p>
          <label>
            <input type="radio" name="missingComponents" checked={state.choice === 'refuse'} onChange={() => state.setChoice('refuse')} /> {t('documents.choiceRefuse')}
          </label>
          <label>
            <input type="radio" name="missingComponents" checked={state.choice === 'supplement'} onChange={() => state.setChoice('supplement')} data-testid="choice-supplement" /> {t('documents.choiceSupplement')}
          </label>
        </div>
      )}
    </fieldset>
  );
}
