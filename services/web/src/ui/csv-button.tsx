import { csvFileName, toCsv } from '../csv/csv.ts';
import { downloadCsv } from '../csv/download.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import type { Column } from './data-table.tsx';

/** Downloads what a table shows, as shown (same columns, same formatted text). */
export function CsvButton<R>({ name, columns, rows }: { name: string; columns: readonly Column<R>[]; rows: readonly R[] }) {
  const { t } = useI18n();
  const download = () => {
    const csv = toCsv(
      columns.map((c) => c.label),
      rows.map((r) => columns.map((c) => c.text(r))),
    );
    downloadCsv(csvFileName(name, new Date().toISOString().slice(0, 10)), csv);
  };
  return (
    <button
      type="button"
      className="button secondary no-print"
      onClick={download}
      aria-label={t('csv.downloadNamed', { name })}
      disabled={rows.length === 0}
    >
      {t('csv.download')}
    </button>
  );
}
