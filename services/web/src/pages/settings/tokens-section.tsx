import { useState } from 'react';
import type { TokenCreated, TokenSummary } from '@vigie/contracts/web';
import { useSessionView, useTenantZone } from '../../api/session-context.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { CsvButton } from '../../ui/csv-button.tsx';
import { DataTable, type Column } from '../../ui/data-table.tsx';
import { QueryState } from '../../ui/query-state.tsx';
import { Section } from '../../ui/section.tsx';
import { TokenActions } from './token-actions.tsx';
import { TokenForm } from './token-form.tsx';
import { useTokens } from './token-queries.ts';
import { TokenSecret } from './token-secret.tsx';

/** Réglages › Jetons d'API (admins): who can call the API, since when, until when; create, revoke, rotate. */
export function TokensSection() {
  const { t, f } = useI18n();
  const session = useSessionView();
  const zone = useTenantZone();
  const tokens = useTokens(session.tenant.id);
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const shown = (name: string, created: TokenCreated) => setSecret({ name, token: created.token });
  const columns: Column<TokenSummary>[] = [
    { label: t('tokens.name'), text: (r) => r.name },
    { label: t('tokens.role'), text: (r) => t(`app.role.${r.role}` as MessageKey) },
    { label: t('tokens.scope'), text: (r) => (r.establishment_uais.length ? r.establishment_uais.join(', ') : t('tokens.wholeTenant')) },
    { label: t('tokens.createdBy'), text: (r) => r.created_by ?? '' },
    { label: t('tokens.createdAt'), text: (r) => f.dateTime(r.created_at, zone) },
    { label: t('tokens.lastUsed'), text: (r) => (r.last_used_at ? f.dateTime(r.last_used_at, zone) : t('tokens.never')) },
    { label: t('tokens.expires'), text: (r) => (r.expires_at ? f.dateTime(r.expires_at, zone) : t('tokens.noExpiry')) },
  ];
  const withActions: Column<TokenSummary>[] = [
    ...columns,
    {
      label: t('tokens.actions'),
      text: () => '',
      render: (r) => <TokenActions tenantId={session.tenant.id} token={r} onRotated={shown} />,
    },
  ];
  return (
    <Section title={t('tokens.title')} actions={<CsvButton name={t('tokens.title')} columns={columns} rows={tokens.data?.items ?? []} />}>
      <p className="definition">{t('tokens.intro')}</p>
      {secret ? <TokenSecret name={secret.name} secret={secret.token} onClose={() => setSecret(null)} /> : null}
      <QueryState query={tokens}>
        {(data) => <DataTable caption={t('tokens.title')} captionHidden columns={withActions} rows={data.items} rowKey={(r) => r.id} />}
      </QueryState>
      <TokenForm tenantId={session.tenant.id} onCreated={shown} />
    </Section>
  );
}
