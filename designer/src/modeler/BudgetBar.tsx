// The longest path's allotments against the legal limit, always in view while drawing.
import { useI18n } from '../i18n/index.js';
import { toDays, type TimeBudget } from './timeBudget.js';

export function BudgetBar({ budget }: { budget: TimeBudget | null }) {
  const { t, fmt } = useI18n();
  if (!budget) return <div className="budget-bar muted">{t('budget.unknown')}</div>;
  // Days as officers count them; a procedure of a few hours (civil status) in hours.
  const inDays = (budget.limitMinutes ?? budget.longestMinutes) >= budget.dayMinutes;
  const unit = !inDays ? (budget.dayCount === 'calendar' ? t('budget.hours') : t('budget.workingHours')) : budget.dayCount === 'calendar' ? t('budget.calendarDays') : t('budget.workingDays');
  const amount = (minutes: number) => (inDays ? fmt.number(toDays(minutes, budget), 2) : fmt.number(minutes / 60, 2));
  const longest = amount(budget.longestMinutes);
  if (budget.limitMinutes === null) {
    return (
      <div className="budget-bar" data-testid="budget-bar">
        <span>{t('budget.longest', { longest, unit })}</span>
        <span className="badge tone-warning">{t('budget.noLimit')}</span>
      </div>
    );
  }
  const limit = amount(budget.limitMinutes);
  const ratio = budget.limitMinutes === 0 ? 1 : budget.longestMinutes / budget.limitMinutes;
  const over = budget.longestMinutes > budget.limitMinutes + 1e-6;
  const tone = over ? 'danger' : ratio < 0.999 ? 'ok' : 'full';
  return (
    <div className={`budget-bar budget-${tone}`} data-testid="budget-bar" title={t('budget.explain')}>
      <span className="budget-label">{t('budget.label')}</span>
      <div className="budget-meter" role="meter" aria-valuemin={0} aria-valuemax={budget.limitMinutes} aria-valuenow={budget.longestMinutes}>
        <div className="budget-fill" style={{ width: `${Math.min(100, ratio * 100)}%` }} />
      </div>
      <span className="budget-figures">
        <strong>{longest}</strong> / {limit} {unit}
      </span>
      {over ? (
        <span className="badge tone-danger">{t('budget.over', { over: amount(budget.longestMinutes - budget.limitMinutes), unit })}</span>
      ) : (
        <span className="badge tone-success">{t('budget.left', { left: amount(budget.limitMinutes - budget.longestMinutes), unit })}</span>
      )}
    </div>
  );
}
