import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import {
  AlertRuleInput,
  AlertRuleKinds,
  AlertRulePatch,
  RuleParams,
  Severities,
  type AlertRule,
  type AlertRuleKind,
} from '@vigie/contracts/web';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { CsvButton } from '../../ui/csv-button.tsx';
import { DataTable, type Column } from '../../ui/data-table.tsx';
import { Field, FormActions, SelectField } from '../../ui/field.tsx';
import { LabelledOptions } from '../../ui/labelled-options.tsx';
import { apiErrors, check, type FieldErrors } from '../../ui/form-errors.ts';
import { QueryState } from '../../ui/query-state.tsx';
import { Section } from '../../ui/section.tsx';
import { useRules, useSaveRule } from './alert-queries.ts';

type Rule = z.infer<typeof AlertRule>;
const kindKey = (kind: string) => `alerts.rule.kind.${kind}` as MessageKey;
const paramKey = (name: string) => `alerts.rule.param.${name}` as MessageKey;

/** The numeric thresholds of a kind, with their defaults (the contract's schema says which). */
function numericParams(kind: AlertRuleKind): [string, number][] {
  const defaults = RuleParams[kind].parse({}) as Record<string, unknown>;
  return Object.entries(defaults).filter((e): e is [string, number] => typeof e[1] === 'number');
}

export function AlertRules() {
  const { t } = useI18n();
  const rules = useRules();
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  const params = (r: Rule) =>
    Object.entries(r.params)
      .filter(([, v]) => typeof v === 'number')
      .map(([k, v]) => `${t(paramKey(k))} ${String(v)}`)
      .join(' ; ');
  const columns: Column<Rule>[] = [
    { label: t('alerts.rule.name'), text: (r) => r.name },
    { label: t('alerts.rule.kind'), text: (r) => t(kindKey(r.kind)) },
    { label: t('overview.col.severity'), text: (r) => t(`severity.${r.severity}` as MessageKey) },
    { label: t('alerts.rule.enabled'), text: (r) => t(r.enabled ? 'form.yes' : 'form.no') },
    { label: t('alerts.rule.params'), text: params },
  ];
  const withEdit: Column<Rule>[] = [
    ...columns,
    {
      label: t('alerts.col.actions'),
      text: () => '',
      render: (r) => (
        <button type="button" className="button secondary" onClick={() => setEditing(r)}>
          {t('form.edit')}
          <span className="visually-hidden"> {r.name}</span>
        </button>
      ),
    },
  ];
  return (
    <Section
      title={t('alerts.rules')}
      actions={
        <>
          <button type="button" className="button" onClick={() => setEditing('new')}>
            {t('alerts.rule.new')}
          </button>
          <CsvButton name={t('alerts.rules')} columns={columns} rows={rules.data?.items ?? []} />
        </>
      }
    >
      {editing ? <RuleForm rule={editing === 'new' ? null : editing} done={() => setEditing(null)} /> : null}
      <QueryState query={rules} isEmpty={(d) => d.items.length === 0} empty={t('alerts.rule.none')}>
        {(d) => <DataTable caption={t('alerts.rules')} captionHidden columns={withEdit} rows={d.items} rowKey={(r) => r.id} />}
      </QueryState>
    </Section>
  );
}

function RuleForm({ rule, done }: { rule: Rule | null; done: () => void }) {
  const { t } = useI18n();
  const save = useSaveRule();
  const [kind, setKind] = useState<AlertRuleKind>(rule?.kind ?? 'device_offline');
  const [name, setName] = useState(rule?.name ?? '');
  const [severity, setSeverity] = useState<string>(rule?.severity ?? 'warning');
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      numericParams(rule?.kind ?? 'device_offline').map(([k, d]) => [k, String((rule?.params[k] as number | undefined) ?? d)]),
    ),
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const changeKind = (next: AlertRuleKind) => {
    setKind(next);
    setValues(Object.fromEntries(numericParams(next).map(([k, d]) => [k, String(d)])));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const params = {
      ...(rule?.params ?? {}),
      ...Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim() === '' ? undefined : Number(v)])),
    };
    const body = rule ? { name, severity, enabled, params } : { kind, name, severity, enabled, params };
    const checked = check(rule ? AlertRulePatch : AlertRuleInput, body);
    const paramCheck = check(RuleParams[kind], params);
    const paramErrors = Object.fromEntries(Object.entries(paramCheck.errors ?? {}).map(([k, v]) => [`params.${k}`, v]));
    const all = { ...(checked.errors ?? {}), ...paramErrors };
    setErrors(all);
    if (Object.keys(all).length > 0) return;
    save.mutate({ id: rule?.id ?? null, body: checked.data }, { onSuccess: done, onError: (e) => setErrors(apiErrors(e)) });
  };
  return (
    <form
      className="panel"
      onSubmit={submit}
      noValidate
      aria-label={rule ? t('alerts.rule.editTitle', { name: rule.name }) : t('alerts.rule.new')}
    >
      <h3>{rule ? t('alerts.rule.editTitle', { name: rule.name }) : t('alerts.rule.new')}</h3>
      <div className="form-grid">
        <SelectField
          label={t('alerts.rule.kind')}
          name="kind"
          errors={errors}
          value={kind}
          disabled={rule !== null}
          onChange={(v) => changeKind(v as AlertRuleKind)}
        >
          <LabelledOptions values={AlertRuleKinds} family="alerts.rule.kind" />
        </SelectField>
        <Field label={t('alerts.rule.name')} name="name" errors={errors}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} maxLength={120} />}
        </Field>
        <SelectField label={t('overview.col.severity')} name="severity" errors={errors} value={severity} onChange={setSeverity}>
          <LabelledOptions values={Severities} family="severity" />
        </SelectField>
        {Object.entries(values).map(([key, value]) => (
          <Field key={key} label={t(paramKey(key))} name={`params.${key}`} errors={errors}>
            {(p) => (
              <input
                {...p}
                type="number"
                inputMode="decimal"
                step="any"
                value={value}
                onChange={(e) => setValues({ ...values, [key]: e.target.value })}
              />
            )}
          </Field>
        ))}
        <label className="checkbox">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> {t('alerts.rule.enabled')}
        </label>
      </div>
      <FormActions errors={errors} submit={t('form.save')} pending={save.isPending} onCancel={done} />
    </form>
  );
}
