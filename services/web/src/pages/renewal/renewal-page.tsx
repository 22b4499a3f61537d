import { useI18n } from '../../i18n/i18n-context.tsx';

export function RenewalPage() {
  const { t } = useI18n();
  return (
    <>
      <h1>{t('nav.renewal')}</h1>
      <p className="intro">{t('page.soon')}</p>
    </>
  );
}
