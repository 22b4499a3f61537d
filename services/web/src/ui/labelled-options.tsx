import { useI18n } from '../i18n/i18n-context.tsx';
import type { MessageKey } from '../i18n/catalogue.ts';

/** One <option> per value, labelled from its catalogue family ("app.role" + "operator" → "app.role.operator"). */
export function LabelledOptions({ values, family }: { values: readonly string[]; family: string }) {
  const { t } = useI18n();
  return values.map((v) => (
    <option key={v} value={v}>
      {t(`${family}.${v}` as MessageKey)}
    </option>
  ));
}
