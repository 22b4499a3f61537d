import { useI18n } from '../../i18n/i18n-context.tsx';

export function SettingsPage() {
  const { t } = useI18n();
  return (
    <>
      <h1>{t('nav.settings')}</h1>
      <p className="intro">{t('page.soon')}</p>
    </>
  );
}
