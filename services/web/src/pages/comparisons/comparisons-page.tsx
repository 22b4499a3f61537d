import { useI18n } from '../../i18n/i18n-context.tsx';

export function ComparisonsPage() {
  const { t } = useI18n();
  return (
    <>
      <h1>{t('nav.comparisons')}</h1>
      <p className="intro">{t('page.soon')}</p>
    </>
  );
}
