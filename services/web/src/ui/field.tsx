import './forms.css';
import { useId, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';
import type { FieldErrors } from './form-errors.ts';

/**
 * A labelled form control with its error beside it: the control gets aria-invalid and
 * aria-describedby, so a screen reader reads the error with the field (RGAA 11.10).
 */
export function Field({
  label,
  name,
  errors,
  hint,
  children,
}: {
  label: string;
  name: string;
  errors: FieldErrors;
  hint?: string;
  children: (props: { id: string; name: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined }) => ReactNode;
}) {
  const { t } = useI18n();
  const id = useId();
  const error = errors[name];
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, name, 'aria-invalid': Boolean(error), 'aria-describedby': describedBy })}
      {hint ? (
        <span id={`${id}-hint`} className="field-hint">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={`${id}-error`} className="field-error">
          {t(error)}
        </span>
      ) : null}
    </div>
  );
}

/** A labelled <select> with its error beside it (see Field); `children` are its options. */
export function SelectField({
  label,
  name,
  errors,
  value,
  onChange,
  disabled,
  children,
}: {
  label: string;
  name: string;
  errors: FieldErrors;
  value: string;
  onChange: (value: string) => void;
  disabled?: boolean;
  children: ReactNode;
}) {
  return (
    <Field label={label} name={name} errors={errors}>
      {(p) => (
        <select {...p} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
          {children}
        </select>
      )}
    </Field>
  );
}

/** An error that belongs to no single field (a conflict, the network), announced when it appears. */
export function FormError({ errors }: { errors: FieldErrors }) {
  const { t } = useI18n();
  const key = errors._form;
  return key ? (
    <p className="state state-error" role="alert">
      {t(key)}
    </p>
  ) : null;
}

/**
 * The end of a form: the error that belongs to no field, what `children` adds (a notice), then the
 * submit button, disabled while the form is sent, and a cancel button when `onCancel` is given.
 */
export function FormActions({
  errors,
  submit,
  pending,
  onCancel,
  children,
}: {
  errors: FieldErrors;
  submit: string;
  pending: boolean;
  onCancel?: () => void;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <>
      <FormError errors={errors} />
      {children}
      <div className="controls">
        <button type="submit" className="button" disabled={pending}>
          {submit}
        </button>
        {onCancel ? (
          <button type="button" className="button secondary" onClick={onCancel}>
            {t('form.cancel')}
          </button>
        ) : null}
      </div>
    </>
  );
}
