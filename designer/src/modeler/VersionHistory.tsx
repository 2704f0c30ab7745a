// Every deployed version of a procedure, and a visual diff of two: the older on the left
// with what was removed, the newer on the right with what was added; changed elements
// are amber on both, and the list says what changed (role, allotment, outcome …).
import { useEffect, useMemo, useState } from 'react';
import { importBpmn } from '../../../engine/index.js';
import { api } from '../api/endpoints.js';
import type { ProcedureVersion } from '../api/types.js';
import { BpmnViewer, type Markers } from '../components/BpmnViewer.js';
import { ErrorNotice, Loading } from '../components/ErrorNotice.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { diffVersions, type VersionDiff } from './versionDiff.js';
import { durationText } from './humanValues.js';
import { roleLabel } from '../labels.js';

export function VersionHistory({ procedureKey, versions, onOpen }: { procedureKey: string; versions: ProcedureVersion[]; onOpen(xml: string, version: number): void }) {
  const { t, fmt, lang } = useI18n();
  const sorted = useMemo(() => [...versions].sort((a, b) => b.version - a.version), [versions]);
  const [left, setLeft] = useState<number | null>(sorted[1]?.version ?? sorted[0]?.version ?? null);
  const [right, setRight] = useState<number | null>(sorted[0]?.version ?? null);
  const [xmls, setXmls] = useState<Record<number, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [diff, setDiff] = useState<VersionDiff | null>(null);

  useEffect(() => {
    setLeft(sorted[1]?.version ?? sorted[0]?.version ?? null);
    setRight(sorted[0]?.version ?? null);
  }, [sorted]);

  useEffect(() => {
    let alive = true;
    for (const v of [left, right]) {
      if (v === null || xmls[v]) continue;
      api.procedureVersion(procedureKey, v).then(
        (detail) => alive && setXmls((all) => ({ ...all, [v]: detail.xml })),
        (e) => alive && setError(e),
      );
    }
    return () => {
      alive = false;
    };
  }, [procedureKey, left, right, xmls]);

  useEffect(() => {
    let alive = true;
    setDiff(null);
    if (left === null || right === null || !xmls[left] || !xmls[right]) return;
    void Promise.all([importBpmn(xmls[left]), importBpmn(xmls[right])]).then(([a, b]) => {
      if (alive && a.model && b.model) setDiff(diffVersions(a.model, b.model));
    });
    return () => {
      alive = false;
    };
  }, [left, right, xmls]);

  const leftMarkers: Markers = {};
  const rightMarkers: Markers = {};
  if (diff) {
    for (const r of diff.removed) leftMarkers[r.id] = ['diff-removed'];
    for (const a of diff.added) rightMarkers[a.id] = ['diff-added'];
    for (const c of diff.changed) {
      leftMarkers[c.id] = ['diff-changed'];
      rightMarkers[c.id] = ['diff-changed'];
    }
  }
  const leftMemo = useMemo(() => leftMarkers, [diff]); // eslint-disable-line react-hooks/exhaustive-deps
  const rightMemo = useMemo(() => rightMarkers, [diff]); // eslint-disable-line react-hooks/exhaustive-deps

  if (sorted.length === 0) return <div className="notice notice-info">{t('versions.none')}</div>;
  // Values as an officer reads them: working days, step names, role names (humanValues.ts).
  const shown = (field: string, value: string): string => {
    if (value === '') return '—';
    if (field === 'duration' || field === 'timeLimit') return durationText(value, lang);
    if ((field === 'source' || field === 'target' || field === 'attachedTo') && diff) return diff.names[value] ?? value;
    if (field === 'role') return roleLabel(t, value);
    if (field === 'type') return t(`element.${value}` as MessageKey) === `element.${value}` ? value : t(`element.${value}` as MessageKey);
    return value;
  };
  const fieldLabel = (field: string) => {
    const key = `versions.field.${field}` as MessageKey;
    const text = t(key);
    return text === key ? field : text;
  };

  return (
    <div className="versions" data-testid="versions">
      <table className="table compact">
        <thead>
          <tr>
            <th>{t('versions.version')}</th>
            <th>{t('versions.deployedAt')}</th>
            <th>{t('versions.deployedBy')}</th>
            <th>{t('versions.record')}</th>
            <th>{t('versions.compare')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {sorted.map((v) => (
            <tr key={v.version}>
              <td>
                <strong>v{v.version}</strong>
              </td>
              <td>{fmt.dateTime(v.deployedAt)}</td>
              <td>{v.deployedBy ?? '—'}</td>
              <td className="version-record" data-testid={`version-record-${v.version}`}>
                {v.decisionNumber && (
                  <div>
                    {t('versions.decision')}: <strong>{v.decisionNumber}</strong>
                    {v.effectiveFrom && <> · {t('versions.effectiveFrom')} {fmt.date(`${v.effectiveFrom}T12:00:00+07:00`)}</>}
                  </div>
                )}
                {v.changeNote && <div>{v.changeNote}</div>}
                {v.overLimitReason && (
                  <div className="small tone-warning">
                    {t('versions.overLimit')}: {v.overLimitReason}
                  </div>
                )}
                {!v.decisionNumber && !v.changeNote && <span className="muted">—</span>}
              </td>
              <td className="nowrap">
                <label className="radio">
                  <input type="radio" name="left" checked={left === v.version} onChange={() => setLeft(v.version)} /> A
                </label>
                <label className="radio">
                  <input type="radio" name="right" checked={right === v.version} onChange={() => setRight(v.version)} /> B
                </label>
              </td>
              <td>
                <button
                  type="button"
                  className="btn btn-sm"
                  onClick={async () => {
                    try {
                      const xml = xmls[v.version] ?? (await api.procedureVersion(procedureKey, v.version)).xml;
                      onOpen(xml, v.version);
                    } catch (e) {
                      setError(e);
                    }
                  }}
                >
                  {t('versions.open')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorNotice error={error} />
      {left !== null && right !== null && (
        <>
          <div className="diff-summary">
            {!diff ? (
              <Loading />
            ) : left === right ? (
              <span className="muted">{t('versions.same')}</span>
            ) : diff.added.length + diff.removed.length + diff.changed.length + diff.process.length === 0 ? (
              <span className="muted">{t('versions.noChanges')}</span>
            ) : (
              <ul className="diff-list">
                {diff.process.map((c) => (
                  <li key={`p-${c.field}`} className="diff-changed">
                    {t('versions.processChanged', { field: fieldLabel(c.field) })}: {shown(c.field, c.before)} → {shown(c.field, c.after)}
                  </li>
                ))}
                {diff.added.map((a) => (
                  <li key={`a-${a.id}`} className="diff-added">
                    {t('versions.added')}: <strong>{a.name}</strong>
                  </li>
                ))}
                {diff.removed.map((r) => (
                  <li key={`r-${r.id}`} className="diff-removed">
                    {t('versions.removed')}: <strong>{r.name}</strong>
                  </li>
                ))}
                {diff.changed.map((c) => (
                  <li key={`c-${c.id}`} className="diff-changed">
                    {t('versions.changed')}: <strong>{c.name}</strong> —{' '}
                    {c.fields.map((f) => `${fieldLabel(f.field)}: ${shown(f.field, f.before)} → ${shown(f.field, f.after)}`).join('; ')}
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div className="diff-viewers">
            <div>
              <div className="diff-caption">A · v{left}</div>
              {xmls[left] ? <BpmnViewer xml={xmls[left]} markers={leftMemo} height={300} /> : <Loading />}
            </div>
            <div>
              <div className="diff-caption">B · v{right}</div>
              {xmls[right] ? <BpmnViewer xml={xmls[right]} markers={rightMemo} height={300} /> : <Loading />}
            </div>
          </div>
        </>
      )}
    </div>
  );
}
