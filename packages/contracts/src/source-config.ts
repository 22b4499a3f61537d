import type { SourceKind } from './sources.ts';

/** What a source's configuration says, as created or after a PATCH. */
export interface SourceConfig {
  base_url: string;
  token_url: string | null;
  options: Record<string, string>;
  credentials?: Record<string, string>;
}

export interface ConfigProblem {
  field: string;
  message: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i;
const pathOf = (url: string) => new URL(url).pathname.replace(/\/+$/, '');

// Option keys each kind reads (docs/connectors.md); `kinds` (the per-source model catalogue) is common.
const OPTIONS: Record<SourceKind, string[]> = {
  intune: ['directory_id', 'hardware_information'],
  google: ['customer_id', 'telemetry', 'telemetry_base_url'],
  jamf_pro: ['computers_page_size', 'mobile_page_size'],
  jamf_school: ['locations'],
  fleet: [],
  glpi: [],
  headwind: [],
};

type Check = (config: SourceConfig) => ConfigProblem | null;

const CHECKS: Record<SourceKind, Check[]> = {
  intune: [
    (c) =>
      /\/(v1\.0|beta)$/.test(pathOf(c.base_url))
        ? { field: 'base_url', message: 'the Graph root without the version, e.g. https://graph.microsoft.com (Vigie adds /v1.0)' }
        : null,
    (c) =>
      !c.token_url && !c.options.directory_id
        ? {
            field: 'options.directory_id',
            message: 'intune needs options.directory_id (the Entra tenant id, a GUID or domain) or token_url',
          }
        : null,
    (c) =>
      c.options.directory_id && !GUID.test(c.options.directory_id) && !DOMAIN.test(c.options.directory_id)
        ? { field: 'options.directory_id', message: 'a GUID (00000000-0000-0000-0000-000000000000) or a domain (college.onmicrosoft.com)' }
        : null,
    (c) =>
      c.options.hardware_information && !['on', 'off'].includes(c.options.hardware_information)
        ? { field: 'options.hardware_information', message: '"on" or "off"' }
        : null,
  ],
  google: [
    (c) =>
      /\/admin\/directory/.test(pathOf(c.base_url))
        ? { field: 'base_url', message: 'the API root, e.g. https://admin.googleapis.com (Vigie adds /admin/directory/v1/...)' }
        : null,
    (c) =>
      c.credentials && !/-----BEGIN (RSA )?PRIVATE KEY-----[\s\S]+-----END (RSA )?PRIVATE KEY-----/.test(c.credentials.private_key ?? '')
        ? {
            field: 'credentials.private_key',
            message: "the service account key's private_key, a PEM block from -----BEGIN PRIVATE KEY----- to -----END PRIVATE KEY-----",
          }
        : null,
    (c) =>
      c.credentials && !/^[^@\s]+@[^@\s]+$/.test(c.credentials.client_email ?? '')
        ? { field: 'credentials.client_email', message: "the service account's client_email (…@….iam.gserviceaccount.com)" }
        : null,
    (c) =>
      c.options.telemetry && !['on', 'off'].includes(c.options.telemetry) ? { field: 'options.telemetry', message: '"on" or "off"' } : null,
  ],
  jamf_pro: [
    (c) =>
      ['computers_page_size', 'mobile_page_size']
        .map((o) =>
          c.options[o] !== undefined && !/^[1-9]\d{0,3}$/.test(c.options[o]!)
            ? { field: `options.${o}`, message: 'a page size from 1 to 9999' }
            : null,
        )
        .find(Boolean) ?? null,
    (c) =>
      /\/(api|JSSResource)$/i.test(pathOf(c.base_url))
        ? { field: 'base_url', message: 'the server root, e.g. https://college.jamfcloud.com (Vigie adds /api/...)' }
        : null,
  ],
  jamf_school: [
    (c) =>
      !/\/api$/.test(pathOf(c.base_url))
        ? { field: 'base_url', message: 'the API root ending in /api, e.g. https://ecoles.jamfcloud.com/api' }
        : null,
    (c) =>
      c.options.locations !== undefined && !/^\s*\d+(\s*,\s*\d+)*\s*$/.test(c.options.locations)
        ? { field: 'options.locations', message: 'location ids separated by commas, e.g. "1,2,3"' }
        : null,
  ],
  fleet: [
    (c) =>
      /\/api(\/|$)/.test(pathOf(c.base_url))
        ? { field: 'base_url', message: 'the server root, e.g. https://fleet.college.fr (Vigie adds /api/v1/fleet/hosts)' }
        : null,
  ],
  glpi: [
    (c) =>
      !/\/apirest\.php$/.test(pathOf(c.base_url))
        ? { field: 'base_url', message: 'the legacy REST root ending in /apirest.php, e.g. https://glpi.college.fr/apirest.php' }
        : null,
  ],
  headwind: [
    (c) =>
      /\/rest(\/|$)/.test(pathOf(c.base_url))
        ? { field: 'base_url', message: 'the server root, e.g. https://mdm.college.fr/hmdm (Vigie adds /rest/...)' }
        : null,
  ],
};

const KIND_OPTION =
  /^\s*[^=;]+=\s*(tablet|laptop|desktop|chromebook|interactive_display|other)\s*(;\s*[^=;]+=\s*(tablet|laptop|desktop|chromebook|interactive_display|other)\s*)*;?\s*$/;

/**
 * The first problem of a source's configuration for its kind (URL shape, required and known
 * options, key formats), or null: a bad configuration is a 400 naming the field at creation,
 * not a sync failing later with bad_response.
 */
export function checkSourceConfig(kind: SourceKind, config: SourceConfig): ConfigProblem | null {
  for (const key of Object.keys(config.options)) {
    if (key !== 'kinds' && !OPTIONS[kind].includes(key)) {
      return { field: `options.${key}`, message: `${kind} reads no option "${key}"; it reads ${[...OPTIONS[kind], 'kinds'].join(', ')}` };
    }
  }
  if (config.options.kinds !== undefined && !KIND_OPTION.test(config.options.kinds)) {
    return { field: 'options.kinds', message: '"model pattern=kind" pairs separated by ";", e.g. "Elite 8300*=desktop;Latitude*=laptop"' };
  }
  for (const check of CHECKS[kind]) {
    const problem = check(config);
    if (problem) return problem;
  }
  return null;
}
