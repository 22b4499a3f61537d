import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { DeviceKinds, UnitPrices } from '@vigie/contracts/web';
import { ApiFailure, send } from '../../api/client.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { labelOf } from '../../i18n/labels.ts';
import { Section } from '../../ui/section.tsx';
import { parseEuros } from './euros.ts';

type Errors = Partial<Record<string, string>>;

/**
 * The replacement price per kind (PUT /v1/unit-prices), checked with the API's own schema before
 * sending; the API's field errors show beside their field. Saving re-reads the forecast.
 */
export function UnitPricesForm({ prices }: { prices: Record<string, number> }) {
  const { t, f } = useI18n();
  const queryClient = useQueryClient();
  const formId = useId();
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(DeviceKinds.map((k) => [k, prices[k] === undefined ? '' : String(prices[k]).replace('.', ',')])),
  );
  const [errors, setErrors] = useState<Errors>({});
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved' | 'failed'>('idle');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body: Record<string, number> = {};
    const found: Errors = {};
    for (const kind of DeviceKinds) {
      const euros = parseEuros(values[kind] ?? '');
      if (Number.isNaN(euros)) found[kind] = t('renewal.priceInvalid');
      else if (euros !== null) body[kind] = euros;
    }
    const checked = UnitPrices.safeParse({ prices: body });
    if (!checked.success) for (const issue of checked.error.issues) found[String(issue.path[1] ?? '')] ??= issue.message;
    setErrors(found);
    if (Object.keys(found).length > 0) return setStatus('failed');
    setStatus('saving');
    try {
      await send('PUT', '/v1/unit-prices', { prices: body }, UnitPrices);
      setStatus('saved');
      await queryClient.invalidateQueries({ predicate: (q) => String(q.queryKey[1] ?? '').startsWith('/v1/renewal-forecast') });
    } catch (error) {
      const field = error instanceof ApiFailure && error.field ? error.field.replace(/^prices\./, '') : null;
      if (field) setErrors({ [field]: error instanceof ApiFailure ? error.message : '' });
      setStatus('failed');
    }
  };

  return (
    <Section title={t('renewal.prices')}>
      <p className="definition">{t('renewal.pricesHelp')}</p>
      <form id={formId} className="controls" onSubmit={(e) => void submit(e)} noValidate>
        {DeviceKinds.map((kind) => (
          <div className="field" key={kind}>
            <label>
              {labelOf(t, 'kind', kind)}
              <input
                inputMode="decimal"
                value={values[kind] ?? ''}
                placeholder={prices[kind] === undefined ? t('renewal.defaultPrice') : undefined}
                aria-invalid={errors[kind] ? true : undefined}
                aria-describedby={errors[kind] ? `${formId}-${kind}-error` : undefined}
                onChange={(e) => setValues({ ...values, [kind]: e.target.value })}
                size={8}
              />
              {errors[kind] ? (
                <span id={`${formId}-${kind}-error`} className="field-error">
                  {errors[kind]}
                </span>
              ) : null}
            </label>
          </div>
        ))}
        <button type="submit" className="button" disabled={status === 'saving'}>
          {t('renewal.save')}
        </button>
      </form>
      <p role="status" className={status === 'failed' ? 'state-error' : 'state'}>
        {status === 'saved' ? t('renewal.saved') : status === 'failed' ? t('renewal.saveFailed') : ''}
      </p>
      <p className="definition">
        {t('renewal.currentPrices', { prices: DeviceKinds.map((k) => `${labelOf(t, 'kind', k)} ${f.euros(prices[k])}`).join(' · ') })}
      </p>
    </Section>
  );
}
