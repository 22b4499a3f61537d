import { useSessionView } from '../../api/session-context.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { CalendarSection } from './calendar-section.tsx';
import { IndicatorSettings } from './indicator-settings.tsx';
import { ObsolescenceRules } from './obsolescence-rules.tsx';
import { TokensSection } from './tokens-section.tsx';

/** Réglages: indicator settings, school calendar and obsolescence rules (admin, operator), and the tenant's API tokens (admin only, as the API decides). */
export function SettingsPage() {
  const { t } = useI18n();
  const session = useSessionView();
  return (
    <>
      <h1>{t('settings.title')}</h1>
      <p className="intro">{t('settings.intro')}</p>
      <IndicatorSettings />
      <CalendarSection />
      <ObsolescenceRules />
      {session.role === 'admin' ? <TokensSection /> : null}
    </>
  );
}
