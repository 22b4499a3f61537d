import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { Link } from '../../router.tsx';
import { CsvButton } from '../../ui/csv-button.tsx';
import { DataTable, type Column } from '../../ui/data-table.tsx';
import { QueryState } from '../../ui/query-state.tsx';
import { Section } from '../../ui/section.tsx';
import { deviceHref } from './device-columns.tsx';
import { useDuplicates } from './device-queries.ts';

interface Duplicate {
  device_id: string;
  reason: string;
  detail: string[];
}
/** Rows shown before "show all": a long review list would bury the rest of the page. */
const FIRST = 20;

/** Devices the sources disagree about, for a person to look at (admin and operator only). */
export function DuplicatesReview() {
  const { t } = useI18n();
  const duplicates = useDuplicates(true);
  const [all, setAll] = useState(false);
  const columns: Column<Duplicate>[] = [
    {
      label: t('devices.dup.device'),
      text: (d) => d.device_id,
      render: (d) => (
        <Link to={deviceHref(d.device_id)}>
          {t('devices.dup.open')}
          <span className="visually-hidden"> {d.device_id}</span>
        </Link>
      ),
    },
    { label: t('devices.dup.reason'), text: (d) => t(`devices.dup.reason.${d.reason}` as MessageKey) },
    { label: t('devices.dup.detail'), text: (d) => d.detail.join(' ; ') },
  ];
  return (
    <Section
      title={t('devices.dup.title')}
      actions={<CsvButton name={t('devices.dup.title')} columns={columns} rows={duplicates.data?.items ?? []} />}
    >
      <p className="definition">{t('devices.dup.intro')}</p>
      <QueryState query={duplicates} isEmpty={(d) => d.items.length === 0} empty={t('devices.dup.none')}>
        {(d) => (
          <>
            <DataTable
              caption={t('devices.dup.title')}
              captionHidden
              columns={columns}
              rows={all ? d.items : d.items.slice(0, FIRST)}
              rowKey={(r) => `${r.device_id}-${r.reason}`}
            />
            {d.items.length > FIRST ? (
              <button type="button" className="button secondary" aria-expanded={all} onClick={() => setAll(!all)}>
                {all ? t('devices.dup.fewer', { count: FIRST }) : t('devices.dup.all', { count: d.items.length })}
              </button>
            ) : null}
          </>
        )}
      </QueryState>
    </Section>
  );
}
