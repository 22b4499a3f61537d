import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { z } from 'zod';
import {
  CalendarException,
  CalendarExceptionInput,
  CalendarExceptionKinds,
  CalendarExceptionList,
  CalendarPeriodList,
  CalendarZones,
} from '@vigie/contracts/web';
import { get, send, withQuery } from '../../api/client.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { CsvButton } from '../../ui/csv-button.tsx';
import { DataTable, type Column } from '../../ui/data-table.tsx';
import { Field, FormActions, SelectField } from '../../ui/field.tsx';
import { LabelledOptions } from '../../ui/labelled-options.tsx';
import { apiErrors, check, type FieldErrors } from '../../ui/form-errors.ts';
import { QueryState } from '../../ui/query-state.tsx';
import { Section } from '../../ui/section.tsx';

// /v1/calendar/* (docs/api.md, "School calendar"): the holidays of a zone, and the territory's own
// exceptions (a closure, a bridge, a day with classes); adding or removing one recomputes those days.

type Exception = z.infer<typeof CalendarException>;
type Period = z.infer<typeof CalendarPeriodList>['items'][number];
const exceptionsKey = ['calendar-exceptions'] as const;
interface Draft {
  zone: string;
  kind: string;
  from: string;
  to: string;
  description: string;
}

export function CalendarSection() {
  const { t, f } = useI18n();
  const client = useQueryClient();
  const [zone, setZone] = useState<string>('C');
  const periods = useQuery({
    queryKey: ['calendar-periods', zone],
    queryFn: ({ signal }) => get(withQuery('/v1/calendar/periods', { zone }), CalendarPeriodList, signal),
  });
  const exceptions = useQuery({
    queryKey: exceptionsKey,
    queryFn: ({ signal }) => get('/v1/calendar/exceptions', CalendarExceptionList, signal),
  });
  const refresh = () => client.invalidateQueries({ queryKey: exceptionsKey });
  const add = useMutation({
    mutationFn: (body: unknown) => send('POST', '/v1/calendar/exceptions', body, CalendarException),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => send('DELETE', `/v1/calendar/exceptions/${encodeURIComponent(id)}`, undefined, z.unknown()),
    onSuccess: refresh,
  });
  const [draft, setDraft] = useState<Draft>({ zone: 'C', kind: 'closure', from: '', to: '', description: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const zoneName = (z: string | null) => (z ? t('calendar.zoneName', { zone: z }) : '');
  const periodColumns: Column<Period>[] = [
    { label: t('calendar.description'), text: (p) => p.description },
    { label: t('calendar.start'), text: (p) => f.date(p.start) },
    { label: t('calendar.end'), text: (p) => f.date(p.end) },
    { label: t('calendar.schoolYear'), text: (p) => p.school_year },
  ];
  const exceptionColumns: Column<Exception>[] = [
    { label: t('calendar.kind'), text: (x) => t(`calendar.kind.${x.kind}` as MessageKey) },
    { label: t('calendar.scope'), text: (x) => x.establishment ?? zoneName(x.zone) },
    { label: t('calendar.from'), text: (x) => f.date(x.from) },
    { label: t('calendar.to'), text: (x) => f.date(x.to) },
    { label: t('calendar.description'), text: (x) => x.description },
  ];
  const withDelete: Column<Exception>[] = [
    ...exceptionColumns,
    {
      label: t('tokens.actions'),
      text: () => '',
      render: (x) => (
        <button type="button" className="button secondary" disabled={remove.isPending} onClick={() => remove.mutate(x.id)}>
          {t('form.delete')}
          <span className="visually-hidden"> {x.description || x.from}</span>
        </button>
      ),
    },
  ];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = check(CalendarExceptionInput, draft);
    if (checked.errors) return setErrors(checked.errors);
    setErrors({});
    add.mutate(checked.data, { onError: (e) => setErrors(apiErrors(e)), onSuccess: () => set({ from: '', to: '', description: '' }) });
  };
  const zoneOptions = CalendarZones.map((z) => (
    <option key={z} value={z}>
      {zoneName(z)}
    </option>
  ));
  return (
    <Section title={t('calendar.title')}>
      <p className="definition">{t('calendar.hint')}</p>
      <div className="controls">
        <label>
          {t('calendar.zone')}
          <select value={zone} onChange={(e) => setZone(e.target.value)}>
            {zoneOptions}
          </select>
        </label>
        <CsvButton name={t('calendar.holidays')} columns={periodColumns} rows={periods.data?.items ?? []} />
      </div>
      <QueryState query={periods}>
        {(data) => (
          <DataTable caption={t('calendar.holidays')} columns={periodColumns} rows={data.items} rowKey={(p) => `${p.zone}-${p.start}`} />
        )}
      </QueryState>
      <QueryState query={exceptions}>
        {(data) => <DataTable caption={t('calendar.exceptions')} columns={withDelete} rows={data.items} rowKey={(x) => x.id} />}
      </QueryState>
      <form onSubmit={submit} noValidate aria-label={t('calendar.add')}>
        <h3>{t('calendar.add')}</h3>
        <div className="form-grid">
          <SelectField label={t('calendar.zone')} name="zone" errors={errors} value={draft.zone} onChange={(v) => set({ zone: v })}>
            {zoneOptions}
          </SelectField>
          <SelectField label={t('calendar.kind')} name="kind" errors={errors} value={draft.kind} onChange={(v) => set({ kind: v })}>
            <LabelledOptions values={CalendarExceptionKinds} family="calendar.kind" />
          </SelectField>
          <Field label={t('calendar.from')} name="from" errors={errors}>
            {(p) => <input {...p} type="date" value={draft.from} onChange={(e) => set({ from: e.target.value })} />}
          </Field>
          <Field label={t('calendar.to')} name="to" errors={errors}>
            {(p) => <input {...p} type="date" value={draft.to} onChange={(e) => set({ to: e.target.value })} />}
          </Field>
          <Field label={t('calendar.description')} name="description" errors={errors}>
            {(p) => <input {...p} value={draft.description} maxLength={300} onChange={(e) => set({ description: e.target.value })} />}
          </Field>
        </div>
        <FormActions errors={errors} submit={t('calendar.addSubmit')} pending={add.isPending} />
      </form>
    </Section>
  );
}
