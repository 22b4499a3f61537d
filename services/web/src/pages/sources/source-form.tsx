import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { SourceCredentials, SourceInput, SourceKinds, SourcePatch, type Source, type SourceKind } from '@vigie/contracts/web';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { Field, FormActions } from '../../ui/field.tsx';
import { apiErrors, check, type FieldErrors } from '../../ui/form-errors.ts';
import { useSaveSource } from './source-queries.ts';
import { sourceKindKey } from './source-kind-key.ts';

type SourceRow = z.infer<typeof Source>;

/** "match ; UAI ; classe mobile" per line, as a person would type the mapping table. */
const mappingText = (rules: SourceRow['mapping']) =>
  rules.map((r) => [r.match, r.uai, r.cart ?? ''].join(' ; ').replace(/ ; $/, '')).join('\n');
const parseMapping = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [match = '', uai = '', cart] = line.split(';').map((c) => c.trim());
      return { match, uai: uai.toUpperCase(), ...(cart ? { cart } : {}) };
    });
const optionsText = (options: Record<string, string>) =>
  Object.entries(options)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');
const parseOptions = (text: string) =>
  Object.fromEntries(
    text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((line) => {
        const at = line.indexOf('=');
        return at < 0 ? [line, ''] : [line.slice(0, at).trim(), line.slice(at + 1).trim()];
      }),
  );

/** Errors on rules or options land on their text area ("mapping.3.uai" -> "mapping"). */
function byControl(errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [path, key] of Object.entries(errors)) {
    if (path.startsWith('mapping')) out.mapping ??= 'sources.mappingInvalid';
    else if (path.startsWith('options')) out.options ??= 'sources.optionsInvalid';
    else out[path] ??= key;
  }
  return out;
}

export function SourceForm({ source, done }: { source: SourceRow | null; done: () => void }) {
  const { t } = useI18n();
  const save = useSaveSource();
  const [kind, setKind] = useState<SourceKind>(source?.kind ?? 'intune');
  const [fields, setFields] = useState({
    name: source?.name ?? '',
    base_url: source?.base_url ?? '',
    token_url: source?.token_url ?? '',
    page_size: String(source?.page_size ?? 100),
    schedule: source?.schedule ?? '',
    time_zone: source?.time_zone ?? 'Europe/Paris',
    priority: String(source?.priority ?? 100),
    mapping: mappingText(source?.mapping ?? []),
    options: optionsText(source?.options ?? {}),
  });
  const [enabled, setEnabled] = useState(source?.enabled ?? true);
  const [credentials, setCredentials] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<FieldErrors>({});
  const credentialFields = Object.keys(SourceCredentials[kind].shape);
  const set = (name: keyof typeof fields) => (value: string) => setFields({ ...fields, [name]: value });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const filled = Object.fromEntries(Object.entries(credentials).filter(([, v]) => v.trim() !== ''));
    const body = {
      name: fields.name.trim(),
      base_url: fields.base_url.trim(),
      token_url: fields.token_url.trim() || null,
      page_size: Number(fields.page_size),
      schedule: fields.schedule.trim() || null,
      time_zone: fields.time_zone.trim(),
      priority: Number(fields.priority),
      enabled,
      mapping: parseMapping(fields.mapping),
      options: parseOptions(fields.options),
      // On an edit, credentials left empty keep the stored ones (they are never shown back).
      ...(source && Object.keys(filled).length === 0 ? {} : { credentials: filled }),
    };
    const checked = source ? check(SourcePatch, body) : check(SourceInput, { ...body, kind });
    const secrets = 'credentials' in body ? check(SourceCredentials[kind], filled) : { errors: null };
    const all = byControl({
      ...(checked.errors ?? {}),
      ...Object.fromEntries(Object.entries(secrets.errors ?? {}).map(([k, v]) => [`credentials.${k}`, v])),
    });
    setErrors(all);
    if (Object.keys(all).length > 0 || !checked.data) return;
    save.mutate(
      { id: source?.id ?? null, body: checked.data },
      {
        onSuccess: done,
        onError: (e) => setErrors(byControl(apiErrors(e, 'form.unavailable'))),
      },
    );
  };

  const text = (name: keyof typeof fields, label: MessageKey, hint?: MessageKey, type = 'text') => (
    <Field label={t(label)} name={name} errors={errors} hint={hint ? t(hint) : undefined}>
      {(p) => <input {...p} type={type} value={fields[name]} onChange={(e) => set(name)(e.target.value)} />}
    </Field>
  );
  const title = source ? t('sources.editTitle', { name: source.name }) : t('sources.new');
  return (
    <form className="panel" onSubmit={submit} noValidate aria-label={title}>
      <h3>{title}</h3>
      <div className="form-grid">
        {text('name', 'sources.col.name', 'sources.nameHint')}
        <Field label={t('sources.col.kind')} name="kind" errors={errors}>
          {(p) => (
            <select
              {...p}
              value={kind}
              disabled={source !== null}
              onChange={(e) => {
                setKind(e.target.value as SourceKind);
                setCredentials({});
              }}
            >
              {SourceKinds.map((k) => (
                <option key={k} value={k}>
                  {t(sourceKindKey(k))}
                </option>
              ))}
            </select>
          )}
        </Field>
        {text('base_url', 'sources.baseUrl', undefined, 'url')}
        {text('token_url', 'sources.tokenUrl', 'sources.optional', 'url')}
        {text('page_size', 'sources.pageSize', undefined, 'number')}
        {text('schedule', 'sources.col.schedule', 'sources.scheduleHint')}
        {text('time_zone', 'sources.timeZone')}
        {text('priority', 'sources.priority', 'sources.priorityHint', 'number')}
        {credentialFields.map((name) => (
          <Field
            key={name}
            label={t('sources.credential', { name })}
            name={`credentials.${name}`}
            errors={errors}
            hint={source ? t('sources.credentialKeep') : undefined}
          >
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="off"
                value={credentials[name] ?? ''}
                onChange={(e) => setCredentials({ ...credentials, [name]: e.target.value })}
              />
            )}
          </Field>
        ))}
        <label className="checkbox">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> {t('sources.enabledLabel')}
        </label>
      </div>
      <Field label={t('sources.mapping')} name="mapping" errors={errors} hint={t('sources.mappingHint')}>
        {(p) => <textarea {...p} rows={4} value={fields.mapping} onChange={(e) => set('mapping')(e.target.value)} />}
      </Field>
      <Field label={t('sources.options')} name="options" errors={errors} hint={t('sources.optionsHint')}>
        {(p) => <textarea {...p} rows={2} value={fields.options} onChange={(e) => set('options')(e.target.value)} />}
      </Field>
      <FormActions errors={errors} submit={t('form.save')} pending={save.isPending} onCancel={done} />
    </form>
  );
}
