// A screen the user may not use: the permission table (GET /api/auth/me) does not let
// them take any action it is for.
import { useI18n } from '../i18n/index.js';

export function Forbidden() {
  const { t } = useI18n();
  return (
    <div className="notice notice-warning" data-testid="forbidden">
      <strong>{t('error.forbidden')}</strong> {t('error.forbiddenPage')}
    </div>
  );
}
