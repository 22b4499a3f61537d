import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { TenantSettings, TenantSettingsChanged, TenantSettingsPatch, type RollupSettings } from '@vigie/contracts/web';
import { get, send } from '../../api/client.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { Field, FormActions } from '../../ui/field.tsx';
import { apiErrors, check, type FieldErrors } from '../../ui/form-errors.ts';
import { QueryState } from '../../ui/query-state.tsx';
import { Section } from '../../ui/section.tsx';

// GET and PATCH /v1/settings (docs/indicators.md): the settings a person tunes most. Saving one the
// rollups use recomputes past days in the background; the others apply at the next read.

interface Draft {
  active_minutes: string;
  presence_inference: boolean;
  morning_from: string;
  morning_to: string;
  afternoon_from: string;
  afternoon_to: string;
  idle_school_days: string;
  offline_days: string;
  min_group_devices: string;
}
const settingsKey = ['settings'] as const;

const toDraft = (s: RollupSettings): Draft => ({
  active_minutes: String(s.active_seconds / 60),
  presence_inference: s.presence_inference,
  morning_from: s.lesson_hours.morning.from,
  morning_to: s.lesson_hours.morning.to,
  afternoon_from: s.lesson_hours.afternoon.from,
  afternoon_to: s.lesson_hours.afternoon.to,
  idle_school_days: String(s.idle_school_days),
  offline_days: String(s.offline_days),
  min_group_devices: String(s.min_group_devices),
});
const toPatch = (d: Draft) => ({
  active_seconds: Math.round(Number(d.active_minutes.replace(',', '.')) * 60),
  presence_inference: d.presence_inference,
  lesson_hours: { morning: { from: d.morning_from, to: d.morning_to }, afternoon: { from: d.afternoon_from, to: d.afternoon_to } },
  idle_school_days: Number(d.idle_school_days),
  offline_days: Number(d.offline_days),
  min_group_devices: Number(d.min_group_devices),
});
/** The schema's field paths, as the form names its controls. */
const onControls = (errors: FieldErrors): FieldErrors =>
  Object.fromEntries(
    Object.entries(errors).map(([k, v]) => [
      k === 'active_seconds' ? 'active_minutes' : k.startsWith('lesson_hours.') ? k.slice('lesson_hours.'.length).replace('.', '_') : k,
      v,
    ]),
  );

export function IndicatorSettings() {
  const { t } = useI18n();
  const client = useQueryClient();
  const settings = useQuery({ queryKey: settingsKey, queryFn: ({ signal }) => get('/v1/settings', TenantSettings, signal) });
  const save = useMutation({
    mutationFn: (body: TenantSettingsPatch) => send('PATCH', '/v1/settings', body, TenantSettingsChanged),
    onSuccess: (data) => client.setQueryData(settingsKey, data),
  });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  useEffect(() => {
    if (settings.data && draft === null) setDraft(toDraft(settings.data));
  }, [settings.data, draft]);
  const set = (patch: Partial<Draft>) => setDraft({ ...draft!, ...patch });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = check(TenantSettingsPatch, toPatch(draft!));
    if (checked.errors) return setErrors(onControls(checked.errors));
    setErrors({});
    save.mutate(checked.data, { onError: (e) => setErrors(onControls(apiErrors(e))) });
  };
  const number = (name: keyof Draft, label: string, hint?: string) => (
    <Field label={label} name={name} errors={errors} hint={hint}>
      {(p) => (
        <input {...p} inputMode="numeric" value={draft![name] as string} size={6} onChange={(e) => set({ [name]: e.target.value })} />
      )}
    </Field>
  );
  // Text, not <input type="time">: Chromium draws a time input in its own UI locale, whatever the
  // page's lang (headless Debian Chromium shows "08:00 AM" on a French page); HH:MM is the API's form.
  const time = (name: keyof Draft, label: string) => (
    <Field label={label} name={name} errors={errors}>
      {(p) => (
        <input
          {...p}
          inputMode="numeric"
          placeholder="HH:MM"
          size={6}
          value={draft![name] as string}
          onChange={(e) => set({ [name]: e.target.value })}
        />
      )}
    </Field>
  );
  return (
    <Section title={t('indicatorSettings.title')}>
      <p className="definition">{t('indicatorSettings.hint')}</p>
      <QueryState query={settings}>
        {() =>
          draft ? (
            <form onSubmit={submit} noValidate aria-label={t('indicatorSettings.title')}>
              <div className="form-grid">
                {number('active_minutes', t('indicatorSettings.activeMinutes'), t('indicatorSettings.activeMinutesHint'))}
                {time('morning_from', t('indicatorSettings.morningFrom'))}
                {time('morning_to', t('indicatorSettings.morningTo'))}
                {time('afternoon_from', t('indicatorSettings.afternoonFrom'))}
                {time('afternoon_to', t('indicatorSettings.afternoonTo'))}
                {number('idle_school_days', t('indicatorSettings.idleDays'))}
                {number('offline_days', t('indicatorSettings.offlineDays'))}
                {number('min_group_devices', t('indicatorSettings.minGroup'), t('indicatorSettings.minGroupHint'))}
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={draft.presence_inference}
                    onChange={(e) => set({ presence_inference: e.target.checked })}
                  />
                  {t('indicatorSettings.presenceInference')}
                </label>
              </div>
              <FormActions errors={errors} submit={t('form.save')} pending={save.isPending}>
                {save.isSuccess ? (
                  <p className="notice" role="status">
                    {t(save.data.recompute ? 'indicatorSettings.savedRecompute' : 'form.saved')}
                  </p>
                ) : null}
              </FormActions>
            </form>
          ) : null
        }
      </QueryState>
    </Section>
  );
}
