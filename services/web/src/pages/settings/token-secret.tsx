import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';

/**
 * A new token's secret, shown once: only its SHA-256 is stored, so closing this panel loses it for
 * good. The copy button saves a person from selecting 60 characters by hand.
 */
export function TokenSecret({ name, secret, onClose }: { name: string; secret: string; onClose: () => void }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState<boolean | null>(null);
  const copy = () => {
    navigator.clipboard.writeText(secret).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <div className="panel token-secret" role="region" aria-label={t('tokens.secretTitle', { name })}>
      <h3>{t('tokens.secretTitle', { name })}</h3>
      <p className="notice" role="alert">
        {t('tokens.secretWarning')}
      </p>
      <p>
        <code data-testid="token-secret">{secret}</code>
      </p>
      <div className="controls">
        <button type="button" className="button" onClick={copy}>
          {t('tokens.copy')}
        </button>
        <button type="button" className="button secondary" onClick={onClose}>
          {t('tokens.secretDone')}
        </button>
        {copied === null ? null : <span role="status">{t(copied ? 'tokens.copied' : 'tokens.copyFailed')}</span>}
      </div>
    </div>
  );
}
