import { useState, type FormEvent } from 'react';
import { Roles, TokenInput, type TokenCreated } from '@vigie/contracts/web';
import { ApiFailure } from '../../api/client.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { Field, FormActions, SelectField } from '../../ui/field.tsx';
import { LabelledOptions } from '../../ui/labelled-options.tsx';
import { apiErrors, check, type FieldErrors } from '../../ui/form-errors.ts';
import { useCreateToken } from './token-queries.ts';

interface Draft {
  role: string;
  name: string;
  uais: string;
  days: string;
}
const empty: Draft = { role: 'connector', name: '', uais: '', days: '90' };

const toInput = (d: Draft) => ({
  role: d.role,
  name: d.name,
  establishment_uais:
    d.role === 'establishment'
      ? d.uais
          .split(/[\s,;]+/)
          .filter(Boolean)
          .map((u) => u.toUpperCase())
      : undefined,
  expires_in_days: d.days.trim() === '' ? undefined : Number(d.days),
});

/** The API refuses an expiry (connector without one, or beyond TOKEN_MAX_DAYS) with a message of its own: this one says what to do. */
function createErrors(error: unknown): FieldErrors {
  if (error instanceof ApiFailure && error.field === 'expires_in_days') return { expires_in_days: 'tokens.expiryRefused' };
  if (error instanceof ApiFailure && error.field === 'establishment_uais') return { establishment_uais: 'tokens.uaisRefused' };
  return apiErrors(error);
}

/** Creates a token: checked with the API's own TokenInput schema, the API's refusals beside their field. */
export function TokenForm({ tenantId, onCreated }: { tenantId: string; onCreated: (name: string, created: TokenCreated) => void }) {
  const { t } = useI18n();
  const create = useCreateToken(tenantId);
  const [draft, setDraft] = useState<Draft>(empty);
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = check(TokenInput, toInput(draft));
    // "establishment_uais.2" (one bad UAI) is shown on the UAI field.
    if (checked.errors) return setErrors(Object.fromEntries(Object.entries(checked.errors).map(([k, v]) => [k.split('.')[0]!, v])));
    setErrors({});
    create.mutate(checked.data, {
      onSuccess: (created) => {
        setDraft(empty);
        onCreated(checked.data.name, created);
      },
      onError: (e) => setErrors(createErrors(e)),
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t('tokens.create')}>
      <h3>{t('tokens.create')}</h3>
      <div className="form-grid">
        <SelectField label={t('tokens.role')} name="role" errors={errors} value={draft.role} onChange={(v) => set({ role: v })}>
          <LabelledOptions values={Roles} family="app.role" />
        </SelectField>
        <Field label={t('tokens.name')} name="name" errors={errors} hint={t('tokens.nameHint')}>
          {(p) => <input {...p} value={draft.name} maxLength={200} onChange={(e) => set({ name: e.target.value })} />}
        </Field>
        <Field label={t('tokens.expiresInDays')} name="expires_in_days" errors={errors} hint={t('tokens.expiryHint')}>
          {(p) => (
            <input {...p} type="number" min={1} inputMode="numeric" value={draft.days} onChange={(e) => set({ days: e.target.value })} />
          )}
        </Field>
        {draft.role === 'establishment' ? (
          <Field label={t('tokens.uais')} name="establishment_uais" errors={errors} hint={t('tokens.uaisHint')}>
            {(p) => <input {...p} value={draft.uais} onChange={(e) => set({ uais: e.target.value })} />}
          </Field>
        ) : null}
      </div>
      <FormActions errors={errors} submit={t('tokens.createSubmit')} pending={create.isPending} />
    </form>
  );
}
