import { useSession } from '../../api/session.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ObsolescenceRules } from './obsolescence-rules.tsx';
import { Tokens } from './tokens.tsx';

/** Réglages: the obsolescence rules (admin, operator) and the API tokens of programs (admin). */
export function SettingsPage() {
  const { t } = useI18n();
  const session = useSession();
  return (
    <>
      <h1>{t('settings.title')}</h1>
      <p className="intro">{t('settings.intro')}</p>
      <ObsolescenceRules />
      {session.data?.role === 'admin' ? <Tokens tenantId={session.data.tenant.id} /> : null}
    </>
  );
}
