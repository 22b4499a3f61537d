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
