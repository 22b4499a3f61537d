import type { Config } from '@vigie/config';
import { SourceCredentials, type SourceKind } from '@vigie/contracts';
import { ConnectorError, type SourceSettings } from '@vigie/connectors';
import { secretBox, type sources } from '@vigie/store';

type SourceRow = NonNullable<Awaited<ReturnType<typeof sources.loadForSync>>>;

/** A stored source as connector settings, credentials unsealed in memory only. */
export function toSettings(row: SourceRow, config: Readonly<Config>): SourceSettings {
  let credentials: Record<string, string> = {};
  if (row.credentials) {
    let key: secretBox.Keyring;
    try {
      key = secretBox.keyring(config.secrets);
    } catch (error) {
      throw new ConnectorError('config', (error as Error).message, { permanent: true });
    }
    let clear: string;
    try {
      clear = secretBox.open(key, row.credentials);
    } catch {
      throw new ConnectorError(
        'config',
        'stored credentials cannot be decrypted with this SECRETS_KEY (was it changed? set the old one as SECRETS_KEY_PREVIOUS); or enter them again with PATCH /v1/sources/{id}',
        { permanent: true },
      );
    }
    const parsed = SourceCredentials[row.kind as SourceKind]?.safeParse(JSON.parse(clear));
    if (!parsed?.success) throw new ConnectorError('config', `stored credentials do not fit kind ${row.kind}`, { permanent: true });
    credentials = parsed.data as Record<string, string>;
  }
  if (!row.base_url) throw new ConnectorError('config', 'source has no base_url', { permanent: true });
  return {
    kind: row.kind,
    baseUrl: row.base_url,
    tokenUrl: row.token_url,
    pageSize: row.page_size,
    timeZone: row.time_zone,
    credentials,
    options: row.options ?? {},
    mapping: row.mapping ?? [],
  };
}
