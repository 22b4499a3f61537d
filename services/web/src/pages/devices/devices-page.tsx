import { useI18n } from '../../i18n/i18n-context.tsx';

export function DevicesPage() {
  const { t } = useI18n();
  return (
    <>
      <h1>{t('nav.devices')}</h1>
      <p className="intro">{t('page.soon')}</p>
    </>
  );
}
