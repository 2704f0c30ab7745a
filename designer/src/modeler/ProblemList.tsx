// Every finding of the validator, errors first; a click selects the element it names.
import type { Problem } from '../../../engine/index.js';
import { bilingual, useI18n } from '../i18n/index.js';
import { Icon } from '../components/Icon.js';

export function ProblemList({
  problems,
  names,
  onSelect,
  validating,
}: {
  problems: Problem[];
  names: Record<string, string>;
  onSelect(elementId: string | null): void;
  validating: boolean;
}) {
  const { t, lang } = useI18n();
  const sorted = [...problems].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  return (
    <section className="problems" aria-label={t('designer.problems')} data-testid="problem-list">
      <header className="problems-header">
        <strong>{t('designer.problems')}</strong>
        <span className={`count ${errors ? 'count-error' : 'count-ok'}`} data-testid="error-count">
          {t('designer.errors', { n: errors })}
        </span>
        <span className={`count ${warnings ? 'count-warning' : 'count-ok'}`} data-testid="warning-count">{t('designer.warnings', { n: warnings })}</span>
        {validating && <span className="muted small">{t('designer.validating')}</span>}
      </header>
      {sorted.length === 0 ? (
        <p className="problems-empty"><Icon name="check" /> {t('designer.noProblems')}</p>
      ) : (
        <ul>
          {sorted.map((p, i) => (
            <li key={`${p.code}-${p.elementId}-${i}`}>
              <button type="button" className={`problem problem-${p.severity}`} onClick={() => onSelect(p.elementId)} data-element-id={p.elementId ?? ''} data-code={p.code}>
                <span className="problem-icon" aria-hidden>
                  <Icon name={p.severity === 'error' ? 'error' : 'warning'} />
                </span>
                {/* Step names, never BPMN ids or error codes (issue 20); the code stays in data-code for tests. */}
                <span className="problem-where">{p.elementId ? (names[p.elementId] || t('designer.unnamedElement')) : t('designer.wholeProcess')}</span>
                <span className="problem-text">{bilingual(lang, p.message, p.messageEn)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
