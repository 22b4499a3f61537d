import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { NotificationEndpointInput, NotificationEndpointPatch, Severities, type NotificationEndpoint } from '@vigie/contracts/web';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { CsvButton } from '../../ui/csv-button.tsx';
import { DataTable, type Column } from '../../ui/data-table.tsx';
import { Field, FormActions, FormError, SelectField } from '../../ui/field.tsx';
import { LabelledOptions } from '../../ui/labelled-options.tsx';
import { apiErrors, check, type FieldErrors } from '../../ui/form-errors.ts';
import { QueryState } from '../../ui/query-state.tsx';
import { Section } from '../../ui/section.tsx';
import { useDeliveries, useEndpoints, useSaveEndpoint, useTestEndpoint } from './alert-queries.ts';

type Endpoint = z.infer<typeof NotificationEndpoint>;

export function NotificationEndpoints() {
  const { t } = useI18n();
  const endpoints = useEndpoints();
  const test = useTestEndpoint();
  const [editing, setEditing] = useState<Endpoint | 'new' | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  const columns: Column<Endpoint>[] = [
    { label: t('alerts.endpoint.name'), text: (e) => e.name },
    { label: t('alerts.endpoint.kind'), text: (e) => t(`alerts.endpoint.kind.${e.kind}` as MessageKey) },
    { label: t('alerts.endpoint.target'), text: (e) => e.url ?? e.email ?? '' },
    { label: t('alerts.endpoint.minSeverity'), text: (e) => t(`severity.${e.min_severity}` as MessageKey) },
    {
      label: t('alerts.rule.enabled'),
      text: (e) => (e.enabled ? t('form.yes') : `${t('form.no')}${e.disabled_reason ? ` (${e.disabled_reason})` : ''}`),
    },
  ];
  const withActions: Column<Endpoint>[] = [
    ...columns,
    {
      label: t('alerts.col.actions'),
      text: () => '',
      render: (e) => (
        <span className="row-actions">
          <button
            type="button"
            className="button secondary"
            disabled={test.isPending}
            onClick={() => {
              setShown(e.id);
              test.mutate(e.id);
            }}
          >
            {t('alerts.endpoint.test')}
            <span className="visually-hidden"> {e.name}</span>
          </button>
          <button type="button" className="button secondary" onClick={() => setShown(e.id)}>
            {t('alerts.endpoint.log')}
            <span className="visually-hidden"> {e.name}</span>
          </button>
          <button type="button" className="button secondary" onClick={() => setEditing(e)}>
            {t('form.edit')}
            <span className="visually-hidden"> {e.name}</span>
          </button>
        </span>
      ),
    },
  ];
  return (
    <Section
      title={t('alerts.endpoints')}
      actions={
        <>
          <button type="button" className="button" onClick={() => setEditing('new')}>
            {t('alerts.endpoint.new')}
          </button>
          <CsvButton name={t('alerts.endpoints')} columns={columns} rows={endpoints.data?.items ?? []} />
        </>
      }
    >
      {editing ? <EndpointForm endpoint={editing === 'new' ? null : editing} done={() => setEditing(null)} /> : null}
      <QueryState query={endpoints} isEmpty={(d) => d.items.length === 0} empty={t('alerts.endpoint.none')}>
        {(d) => <DataTable caption={t('alerts.endpoints')} captionHidden columns={withActions} rows={d.items} rowKey={(e) => e.id} />}
      </QueryState>
      {test.data ? (
        <p className="notice" role="status">
          {t(
            test.data.status === 'delivered'
              ? 'alerts.endpoint.testOk'
              : test.data.status === 'pending'
                ? 'alerts.endpoint.testPending'
                : 'alerts.endpoint.testFailed',
            { error: test.data.last_error ?? '' },
          )}
        </p>
      ) : null}
      {test.isError ? <FormError errors={apiErrors(test.error)} /> : null}
      {shown ? <Deliveries id={shown} name={endpoints.data?.items.find((e) => e.id === shown)?.name ?? ''} /> : null}
    </Section>
  );
}

function Deliveries({ id, name }: { id: string; name: string }) {
  const { t, f } = useI18n();
  const deliveries = useDeliveries(id);
  type Delivery = NonNullable<typeof deliveries.data>['items'][number];
  const columns: Column<Delivery>[] = [
    { label: t('alerts.col.at'), text: (d) => f.dateTime(d.created_at, 'Europe/Paris') },
    { label: t('alerts.delivery.kind'), text: (d) => t(`alerts.delivery.kind.${d.kind}` as MessageKey) },
    { label: t('overview.col.state'), text: (d) => t(`alerts.delivery.status.${d.status}` as MessageKey) },
    { label: t('alerts.delivery.attempts'), text: (d) => f.number(d.attempts), numeric: true },
    { label: t('alerts.delivery.error'), text: (d) => d.last_error ?? (d.last_status ? `HTTP ${d.last_status}` : '') },
  ];
  const title = t('alerts.delivery.title', { name });
  return (
    <Section title={title} actions={<CsvButton name={title} columns={columns} rows={deliveries.data?.items ?? []} />}>
      <QueryState query={deliveries} isEmpty={(d) => d.items.length === 0}>
        {(d) => <DataTable caption={title} captionHidden columns={columns} rows={d.items} rowKey={(r) => r.id} />}
      </QueryState>
    </Section>
  );
}

function EndpointForm({ endpoint, done }: { endpoint: Endpoint | null; done: () => void }) {
  const { t } = useI18n();
  const save = useSaveEndpoint();
  const [kind, setKind] = useState<'webhook' | 'email'>(endpoint?.kind ?? 'webhook');
  const [name, setName] = useState(endpoint?.name ?? '');
  const [target, setTarget] = useState(endpoint?.url ?? endpoint?.email ?? '');
  const [minSeverity, setMinSeverity] = useState<string>(endpoint?.min_severity ?? 'info');
  const [digest, setDigest] = useState(endpoint?.digest ?? true);
  const [enabled, setEnabled] = useState(endpoint?.enabled ?? true);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [secret, setSecret] = useState<string | null>(null);
  const targetField = kind === 'webhook' ? 'url' : 'email';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const common = { name, [targetField]: target.trim(), min_severity: minSeverity, digest };
    const checked = endpoint
      ? check(NotificationEndpointPatch, { ...common, enabled })
      : check(NotificationEndpointInput, { kind, ...common });
    if (checked.errors) return setErrors(checked.errors);
    setErrors({});
    save.mutate(
      { id: endpoint?.id ?? null, body: checked.data },
      {
        onSuccess: (saved) => {
          const created = (saved as { secret?: string | null }).secret ?? null;
          if (created) setSecret(created);
          else done();
        },
        onError: (e) => setErrors(apiErrors(e)),
      },
    );
  };
  if (secret) {
    return (
      <div className="panel" role="status">
        <p>{t('alerts.endpoint.secret')}</p>
        <p>
          <code>{secret}</code>
        </p>
        <button type="button" className="button" onClick={done}>
          {t('alerts.endpoint.secretDone')}
        </button>
      </div>
    );
  }
  const title = endpoint ? t('alerts.endpoint.editTitle', { name: endpoint.name }) : t('alerts.endpoint.new');
  return (
    <form className="panel" onSubmit={submit} noValidate aria-label={title}>
      <h3>{title}</h3>
      <div className="form-grid">
        <SelectField
          label={t('alerts.endpoint.kind')}
          name="kind"
          errors={errors}
          value={kind}
          disabled={endpoint !== null}
          onChange={(v) => setKind(v as 'webhook' | 'email')}
        >
          <option value="webhook">{t('alerts.endpoint.kind.webhook')}</option>
          <option value="email">{t('alerts.endpoint.kind.email')}</option>
        </SelectField>
        <Field label={t('alerts.endpoint.name')} name="name" errors={errors}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} maxLength={120} />}
        </Field>
        <Field
          label={t(kind === 'webhook' ? 'alerts.endpoint.url' : 'alerts.endpoint.email')}
          name={targetField}
          errors={errors}
          hint={kind === 'email' ? t('alerts.endpoint.emailHint') : undefined}
        >
          {(p) => <input {...p} type={kind === 'webhook' ? 'url' : 'email'} value={target} onChange={(e) => setTarget(e.target.value)} />}
        </Field>
        <SelectField
          label={t('alerts.endpoint.minSeverity')}
          name="min_severity"
          errors={errors}
          value={minSeverity}
          onChange={setMinSeverity}
        >
          <LabelledOptions values={Severities} family="severity" />
        </SelectField>
        <label className="checkbox">
          <input type="checkbox" checked={digest} onChange={(e) => setDigest(e.target.checked)} /> {t('alerts.endpoint.digest')}
        </label>
        {endpoint ? (
          <label className="checkbox">
            <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> {t('alerts.rule.enabled')}
          </label>
        ) : null}
      </div>
      <FormActions errors={errors} submit={t('form.save')} pending={save.isPending} onCancel={done} />
    </form>
  );
}
