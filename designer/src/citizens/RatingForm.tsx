// On the citizen's lookup page, once the dossier is returned: how satisfied they were
// (1 không hài lòng, 2 hài lòng, 3 rất hài lòng — the Decision 766 satisfaction metric)
// and a comment, once. After rating, the thanks and the score given.
import './citizens.css';
import { useState, type FormEvent } from 'react';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { RATING_SCORES, rateDossier, type Rating, type RatingScore } from './publicRating.js';

export const scoreKey = (score: RatingScore): MessageKey => `citizens.rating.score${score}` as MessageKey;

export function RatingForm({ code, secret, canRate, rating, onRated }: { code: string; secret: string; canRate: boolean; rating: Rating | null; onRated(): void }) {
  const { t, fmt, lang } = useI18n();
  const [score, setScore] = useState<RatingScore | null>(null);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [chooseFirst, setChooseFirst] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (score === null) {
      setChooseFirst(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await rateDossier(code, secret, { score, ...(comment.trim() ? { comment: comment.trim() } : {}) });
    } catch (e) {
      // The catalogue's words (ALREADY_RATED, NOT_RETURNED, …), loaded only when needed:
      // the lookup page stays light.
      const { errorText } = await import('../i18n/errors.js');
      setError(errorText(e, lang));
    } finally {
      setBusy(false);
      // Rated here or elsewhere: the lookup reads the rating back.
      onRated();
    }
  };

  const refusal = error && (
    <div className="notice notice-danger" role="alert" data-testid="rating-error">
      {error}
    </div>
  );

  if (rating) {
    return (
      <section className="rating rating-done" data-testid="rating-done" aria-live="polite">
        {refusal}
        <h2>{t('citizens.rating.thanks')}</h2>
        <p>
          {t('citizens.rating.yourScore')} <strong data-testid="rating-score" data-score={rating.score}>{t(scoreKey(rating.score))}</strong> ({rating.score}/3)
        </p>
        {rating.comment && <blockquote className="rating-comment">{rating.comment}</blockquote>}
        <p className="small muted">{t('citizens.rating.ratedAt', { at: fmt.dateTime(rating.ratedAt) })}</p>
      </section>
    );
  }
  if (!canRate) return refusal || null;

  return (
    <form className="rating form" onSubmit={(e) => void submit(e)} data-testid="rating-form">
      <h2>{t('citizens.rating.title')}</h2>
      <p className="small muted">{t('citizens.rating.intro')}</p>
      {refusal}
      <fieldset className="rating-scores">
        <legend>{t('citizens.rating.question')}</legend>
        {RATING_SCORES.map((s) => (
          <label key={s} className={`rating-score rating-score-${s} ${score === s ? 'chosen' : ''}`}>
            <input type="radio" name="score" value={s} checked={score === s} onChange={() => {
                setScore(s);
                setChooseFirst(false);
              }} data-testid={`rating-${s}`} />
            <span className="rating-face" aria-hidden="true">{s === 1 ? '☹' : s === 2 ? '🙂' : '😊'}</span>
            <span>{t(scoreKey(s))}</span>
          </label>
        ))}
      </fieldset>
      {chooseFirst && <p className="field-problem" role="alert">{t('citizens.rating.chooseFirst')}</p>}
      <label className="field">
        <span>{t('citizens.rating.comment')}</span>
        <textarea name="comment" rows={3} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} />
      </label>
      <button type="submit" className="btn btn-primary btn-block" disabled={busy} data-testid="rating-submit">
        {busy ? t('common.wait') : t('citizens.rating.submit')}
      </button>
    </form>
  );
}
