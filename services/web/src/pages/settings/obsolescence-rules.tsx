import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { z } from 'zod';
import { DeviceKinds, ObsolescenceReasons, ObsolescenceRule, ObsolescenceRuleSet } from '@vigie/contracts/web';
import { get, send } from '../../api/client.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { CsvButton } from '../../ui/csv-button.tsx';
import type { Column } from '../../ui/data-table.tsx';
import { Field, FormError, SelectField } from '../../ui/field.tsx';
import { LabelledOptions } from '../../ui/labelled-options.tsx';
import { apiErrors, check, type FieldErrors } from '../../ui/form-errors.ts';
import { QueryState } from '../../ui/query-state.tsx';
import { Section } from '../../ui/section.tsx';

const RuleList = z.object({ custom: z.boolean(), rules: z.array(ObsolescenceRule) });
type Rule = z.infer<typeof ObsolescenceRule>;
/** A rule as typed in the form: every value a string until it is checked. */
interface Draft {
  reason: string;
  device_kind: string;
  platform: string;
  threshold: string;
  min_version: string;
}
const rulesKey = ['obsolescence-rules'] as const;

const toDraft = (r: Rule): Draft => ({
  reason: r.reason,
  device_kind: r.device_kind,
  platform: r.platform,
  threshold: r.threshold === null ? '' : String(r.threshold),
  min_version: r.min_version ?? '',
});
const fromDraft = (d: Draft) => ({
  reason: d.reason,
  device_kind: d.device_kind,
  platform: d.platform.trim() || '*',
  threshold: d.threshold.trim() === '' ? null : Number(d.threshold.replace(',', '.')),
  min_version: d.min_version.trim() || null,
});
/** "rules.3" (a duplicate rule) is shown on the row's reason. */
const onRows = (errors: FieldErrors): FieldErrors =>
  Object.fromEntries(Object.entries(errors).map(([k, v]) => [/^rules\.\d+$/.test(k) ? `${k}.reason` : k, v]));

/** The tenant's obsolescence rules, edited as a table; saving re-evaluates every device within seconds. */
export function ObsolescenceRules() {
  const { t } = useI18n();
  const client = useQueryClient();
  const rules = useQuery({ queryKey: rulesKey, queryFn: ({ signal }) => get('/v1/obsolescence/rules', RuleList, signal) });
  const save = useMutation({
    mutationFn: (body: unknown) => send('PUT', '/v1/obsolescence/rules', body, RuleList),
    onSuccess: (data) => client.setQueryData(rulesKey, data),
  });
  const [drafts, setDrafts] = useState<Draft[] | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  useEffect(() => {
    if (rules.data && drafts === null) setDrafts(rules.data.rules.map(toDraft));
  }, [rules.data, drafts]);
  const columns: Column<Rule>[] = [
    { label: t('settings.rule.reason'), text: (r) => t(`reason.${r.reason}` as MessageKey) },
    {
      label: t('settings.rule.kind'),
      text: (r) => (r.device_kind === '*' ? t('settings.rule.any') : t(`kind.${r.device_kind}` as MessageKey)),
    },
    { label: t('settings.rule.platform'), text: (r) => (r.platform === '*' ? t('settings.rule.any') : r.platform) },
    { label: t('settings.rule.threshold'), text: (r) => (r.threshold === null ? '' : String(r.threshold)) },
    { label: t('settings.rule.minVersion'), text: (r) => r.min_version ?? '' },
  ];
  const update = (i: number, patch: Partial<Draft>) => setDrafts((drafts ?? []).map((d, j) => (j === i ? { ...d, ...patch } : d)));
  /** A SelectField's name, errors, value and change handler for `key` of rule row `i`. */
  const rowSelect = (i: number, d: Draft, key: keyof Draft) => ({
    name: `rules.${i}.${key}`,
    errors,
    value: d[key],
    onChange: (v: string) => update(i, { [key]: v }),
  });
  const submit = (body: { rules: unknown[] }) => {
    const checked = check(ObsolescenceRuleSet, body);
    if (checked.errors) return setErrors(onRows(checked.errors));
    setErrors({});
    save.mutate(checked.data, { onSuccess: (data) => setDrafts(data.rules.map(toDraft)), onError: (e) => setErrors(onRows(apiErrors(e))) });
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit({ rules: (drafts ?? []).map(fromDraft) });
  };
  return (
    <Section
      title={t('settings.rules')}
      actions={<CsvButton name={t('settings.rules')} columns={columns} rows={rules.data?.rules ?? []} />}
    >
      <p className="definition">{t('settings.rulesHint')}</p>
      <QueryState query={rules}>
        {(data) => (
          <form onSubmit={onSubmit} noValidate aria-label={t('settings.rules')}>
            <p className="state">{t(data.custom ? 'settings.rulesCustom' : 'settings.rulesDefault')}</p>
            {(drafts ?? []).map((d, i) => (
              <fieldset key={i} className="rule-row">
                <legend className="visually-hidden">{t('settings.rule.legend', { n: i + 1 })}</legend>
                <SelectField label={t('settings.rule.reason')} {...rowSelect(i, d, 'reason')}>
                  <LabelledOptions values={ObsolescenceReasons} family="reason" />
                </SelectField>
                <SelectField label={t('settings.rule.kind')} {...rowSelect(i, d, 'device_kind')}>
                  <option value="*">{t('settings.rule.any')}</option>
                  <LabelledOptions values={DeviceKinds} family="kind" />
                </SelectField>
                <Field label={t('settings.rule.platform')} name={`rules.${i}.platform`} errors={errors}>
                  {(p) => <input {...p} value={d.platform} size={10} onChange={(e) => update(i, { platform: e.target.value })} />}
                </Field>
                <Field label={t('settings.rule.threshold')} name={`rules.${i}.threshold`} errors={errors}>
                  {(p) => (
                    <input
                      {...p}
                      inputMode="decimal"
                      value={d.threshold}
                      size={6}
                      onChange={(e) => update(i, { threshold: e.target.value })}
                    />
                  )}
                </Field>
                <Field label={t('settings.rule.minVersion')} name={`rules.${i}.min_version`} errors={errors}>
                  {(p) => <input {...p} value={d.min_version} size={10} onChange={(e) => update(i, { min_version: e.target.value })} />}
                </Field>
                <button type="button" className="button link" onClick={() => setDrafts((drafts ?? []).filter((_, j) => j !== i))}>
                  {t('form.delete')}
                  <span className="visually-hidden"> {t('settings.rule.legend', { n: i + 1 })}</span>
                </button>
              </fieldset>
            ))}
            <FormError errors={errors} />
            {save.isSuccess ? (
              <p className="notice" role="status">
                {t('settings.rulesSaved')}
              </p>
            ) : null}
            <div className="controls">
              <button
                type="button"
                className="button secondary"
                onClick={() =>
                  setDrafts([...(drafts ?? []), { reason: 'age', device_kind: '*', platform: '*', threshold: '', min_version: '' }])
                }
              >
                {t('settings.rule.add')}
              </button>
              <button type="submit" className="button" disabled={save.isPending}>
                {t('form.save')}
              </button>
              <button type="button" className="button secondary" disabled={save.isPending} onClick={() => submit({ rules: [] })}>
                {t('settings.rulesReset')}
              </button>
            </div>
          </form>
        )}
      </QueryState>
    </Section>
  );
}
