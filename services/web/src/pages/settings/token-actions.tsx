import { useState, type FormEvent } from 'react';
import { TokenRotateInput, type TokenCreated, type TokenSummary } from '@vigie/contracts/web';
import { ApiFailure } from '../../api/client.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { Field, FormError } from '../../ui/field.tsx';
import { apiErrors, check, type FieldErrors } from '../../ui/form-errors.ts';
import { useRevokeToken, useRotateToken } from './token-queries.ts';

type Mode = 'idle' | 'revoke' | 'rotate';

/** A token's row actions: revoke after a confirmation, or rotate with an overlap for the deployment. */
export function TokenActions({
  tenantId,
  token,
  onRotated,
}: {
  tenantId: string;
  token: TokenSummary;
  onRotated: (name: string, created: TokenCreated) => void;
}) {
  const { t } = useI18n();
  const [mode, setMode] = useState<Mode>('idle');
  const revoke = useRevokeToken(tenantId);
  const named = <span className="visually-hidden"> {token.name}</span>;
  if (mode === 'revoke') {
    return (
      <div className="row-actions" role="group" aria-label={t('tokens.revokeConfirm', { name: token.name })}>
        <span>{t('tokens.revokeConfirm', { name: token.name })}</span>
        <button
          type="button"
          className="button"
          disabled={revoke.isPending}
          onClick={() => revoke.mutate(token.id, { onSettled: () => setMode('idle') })}
        >
          {t('tokens.revokeYes')}
        </button>
        <button type="button" className="button secondary" onClick={() => setMode('idle')}>
          {t('form.cancel')}
        </button>
      </div>
    );
  }
  if (mode === 'rotate')
    return (
      <RotateForm
        tenantId={tenantId}
        token={token}
        onDone={(created) => {
          setMode('idle');
          if (created) onRotated(token.name, created);
        }}
      />
    );
  return (
    <div className="row-actions">
      <button type="button" className="button secondary" onClick={() => setMode('rotate')}>
        {t('tokens.rotate')}
        {named}
      </button>
      <button type="button" className="button secondary" onClick={() => setMode('revoke')}>
        {t('tokens.revoke')}
        {named}
      </button>
      {revoke.isError ? (
        <span className="field-error" role="alert">
          {t('state.error')}
        </span>
      ) : null}
    </div>
  );
}

function RotateForm({
  tenantId,
  token,
  onDone,
}: {
  tenantId: string;
  token: TokenSummary;
  onDone: (created: TokenCreated | null) => void;
}) {
  const { t } = useI18n();
  const rotate = useRotateToken(tenantId);
  const [overlap, setOverlap] = useState('60');
  const [days, setDays] = useState(token.role === 'connector' ? '90' : '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = check(TokenRotateInput, {
      overlap_minutes: Number(overlap),
      expires_in_days: days.trim() === '' ? undefined : Number(days),
    });
    if (checked.errors) return setErrors(checked.errors);
    rotate.mutate(
      { id: token.id, body: checked.data },
      {
        onSuccess: (created) => onDone(created),
        onError: (e) =>
          setErrors(e instanceof ApiFailure && e.field === 'expires_in_days' ? { expires_in_days: 'tokens.expiryRefused' } : apiErrors(e)),
      },
    );
  };
  return (
    <form className="row-actions" onSubmit={submit} noValidate aria-label={t('tokens.rotateTitle', { name: token.name })}>
      <Field label={t('tokens.overlap')} name="overlap_minutes" errors={errors}>
        {(p) => <input {...p} type="number" min={0} size={6} value={overlap} onChange={(e) => setOverlap(e.target.value)} />}
      </Field>
      <Field label={t('tokens.expiresInDays')} name="expires_in_days" errors={errors}>
        {(p) => <input {...p} type="number" min={1} size={6} value={days} onChange={(e) => setDays(e.target.value)} />}
      </Field>
      <FormError errors={errors} />
      <button type="submit" className="button" disabled={rotate.isPending}>
        {t('tokens.rotateSubmit')}
      </button>
      <button type="button" className="button secondary" onClick={() => onDone(null)}>
        {t('form.cancel')}
      </button>
    </form>
  );
}
