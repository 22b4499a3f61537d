import { useI18n } from '../../i18n/i18n-context.tsx';

export function OverviewPage() {
  const { t } = useI18n();
  return (
    <>
      <h1>{t('nav.overview')}</h1>
      <p className="intro">{t('page.soon')}</p>
    </>
  );
}
