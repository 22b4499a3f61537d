import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Roles, TokenCreated, TokenInput } from '@vigie/contracts/web';
import { send } from '../../api/client.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { Field, FormError } from '../../ui/field.tsx';
import { apiErrors, check, type FieldErrors } from '../../ui/form-errors.ts';
import { Section } from '../../ui/section.tsx';

/**
 * API tokens for programs (connectors, BI tools): created here by an admin and shown once. The API
 * has no route to list or revoke tokens yet, so this section only creates them.
 */
export function Tokens({ tenantId }: { tenantId: string }) {
  const { t } = useI18n();
  const create = useMutation({ mutationFn: (body: unknown) => send('POST', `/v1/tenants/${tenantId}/tokens`, body, TokenCreated) });
  const [role, setRole] = useState<string>('connector');
  const [name, setName] = useState('');
  const [uais, setUais] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const list = uais.split(/[\s,;]+/).map((u) => u.trim().toUpperCase()).filter(Boolean);
    const checked = check(TokenInput, { role, name, ...(list.length ? { establishment_uais: list } : {}) });
    if (checked.errors) return setErrors(Object.fromEntries(Object.entries(checked.errors).map(([k, v]) => [k.startsWith('establishment_uais') ? 'establishment_uais' : k, v])));
    setErrors({});
    create.mutate(checked.data, { onError: (e) => setErrors(apiErrors(e)) });
  };
  return (
    <Section title={t('settings.tokens')}>
      <p className="definition">{t('settings.tokensHint')}</p>
      {create.data ? (
        <div className="panel" role="status">
          <p>{t('settings.tokenShown')}</p>
          <p><code>{create.data.token}</code></p>
        </div>
      ) : null}
      <form className="panel" onSubmit={submit} noValidate aria-label={t('settings.tokenNew')}>
        <div className="form-grid">
          <Field label={t('settings.token.role')} name="role" errors={errors}>
            {(p) => <select {...p} value={role} onChange={(e) => setRole(e.target.value)}>{Roles.map((r) => <option key={r} value={r}>{t(`app.role.${r}` as MessageKey)}</option>)}</select>}
          </Field>
          <Field label={t('settings.token.name')} name="name" errors={errors} hint={t('settings.token.nameHint')}>
            {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />}
          </Field>
          <Field label={t('settings.token.uais')} name="establishment_uais" errors={errors} hint={t('settings.token.uaisHint')}>
            {(p) => <input {...p} value={uais} onChange={(e) => setUais(e.target.value)} />}
          </Field>
        </div>
        <FormError errors={errors} />
        <button type="submit" className="button" disabled={create.isPending}>{t('settings.tokenNew')}</button>
      </form>
    </Section>
  );
}
