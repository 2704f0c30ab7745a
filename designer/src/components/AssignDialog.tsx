// A head (trưởng phòng) gives a step to a named member of the team, or takes it from one
// for another (POST /tasks/:id/assign): those of the step's agency with its role, each
// with how much they already have open, so the work is shared out.
import { useState } from 'react';
import { api } from '../api/endpoints.js';
import type { Task } from '../api/types.js';
import { useI18n } from '../i18n/index.js';
import { useResource } from '../useResource.js';
import { ErrorNotice } from './ErrorNotice.js';
import { Modal } from './Modal.js';

/** A head gives a step to a named member of the team: those of the step's agency with its role, with what each has open. */
export function AssignDialog({ task, busy, onClose, onAssign }: { task: Task; busy: boolean; onClose(): void; onAssign(username: string, name: string): Promise<unknown> }) {
  const { t } = useI18n();
  const candidates = useResource(() => api.candidates(task.id), [task.id]);
  const [chosen, setChosen] = useState('');
  const list = candidates.data ?? [];
  const name = list.find((c) => c.username === chosen)?.fullName ?? chosen;
  return (
    <Modal
      title={t('assign.title', { step: task.name })}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" className="btn btn-primary" disabled={!chosen || chosen === task.assignee || busy} onClick={() => void onAssign(chosen, name)} data-testid="assign-submit">
            {t('assign.submit')}
          </button>
        </>
      }
    >
      <p className="muted">{t('assign.explain')}</p>
      <ErrorNotice error={candidates.error} />
      <label className="field">
        <span>{t('assign.who')}</span>
        <select value={chosen} onChange={(e) => setChosen(e.target.value)} data-testid="assign-who">
          <option value="">{t('assign.choose')}</option>
          {list.map((c) => (
            <option key={c.username} value={c.username}>
              {t('assign.candidate', { name: c.fullName, open: c.open })}
              {c.username === task.assignee ? ` — ${t('assign.current')}` : ''}
            </option>
          ))}
        </select>
      </label>
    </Modal>
  );
}

