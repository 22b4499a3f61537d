import { useSessionView } from '../../api/session-context.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ObsolescenceRules } from './obsolescence-rules.tsx';
import { TokensSection } from './tokens-section.tsx';

/** Réglages: the obsolescence rules (admin, operator) and the tenant's API tokens (admin only, as the API decides). */
export function SettingsPage() {
  const { t } = useI18n();
  const session = useSessionView();
  return (
    <>
      <h1>{t('settings.title')}</h1>
      <p className="intro">{t('settings.intro')}</p>
      <ObsolescenceRules />
      {session.role === 'admin' ? <TokensSection /> : null}
    </>
  );
}
