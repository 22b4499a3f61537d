import { useI18n } from '../../i18n/i18n-context.tsx';

export function AlertsPage() {
  const { t } = useI18n();
  return (
    <>
      <h1>{t('nav.alerts')}</h1>
      <p className="intro">{t('page.soon')}</p>
    </>
  );
}
