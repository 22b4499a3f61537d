import { useI18n } from '../../i18n/i18n-context.tsx';
import { ObsolescenceRules } from './obsolescence-rules.tsx';

/**
 * Réglages: the obsolescence rules (admin, operator). Tokens are not here: the API has no
 * tenant-scoped route to list or revoke them, and creating one needs the tenant's id, which the
 * session does not carry (npm run vigie -- ... and POST /v1/tenants/{id}/tokens remain the way).
 */
export function SettingsPage() {
  const { t } = useI18n();
  return (
    <>
      <h1>{t('settings.title')}</h1>
      <p className="intro">{t('settings.intro')}</p>
      <ObsolescenceRules />
    </>
  );
}
