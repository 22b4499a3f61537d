import type { Config } from '@vigie/config';
import { PersonRoles, type PersonRole } from '@vigie/contracts';
import { establishments, loginLinks, tenants, type Db } from '@vigie/store';

export interface LoginLinkRequest {
  tenantCode: string;
  role: string;
  uais?: string[];
  /** Lifetime in minutes; LOGIN_LINK_MINUTES by default. */
  minutes?: number;
  /** The person's name, shown in the dashboard and the logs; links with the same name are one person. */
  name?: string;
  /** Where the browser lands after sign-in: a path of the dashboard. */
  next?: string;
}

export class LoginLinkError extends Error {
  override name = 'LoginLinkError';
}

const MAX_MINUTES = 7 * 24 * 60;

/**
 * Makes a one-time sign-in link (`<API public URL>/auth/link?token=...`), for the CLI and the demo.
 * Refuses the connector role, unknown tenants and UAIs, and an establishment role without UAIs.
 */
export async function createLoginLink(db: Db, config: Readonly<Config>, request: LoginLinkRequest) {
  const tenant = await tenants.findByCode(db, request.tenantCode);
  if (!tenant) throw new LoginLinkError(`no tenant ${request.tenantCode}`);
  if (!(PersonRoles as readonly string[]).includes(request.role)) {
    throw new LoginLinkError(`--role must be one of ${PersonRoles.join(', ')} (a connector is a program: it uses a token, never signs in)`);
  }
  const role = request.role as PersonRole;
  const uais = [...new Set(request.uais ?? [])];
  if (role === 'establishment' && uais.length === 0) throw new LoginLinkError('the establishment role needs at least one --uai');
  if (role !== 'establishment' && uais.length > 0)
    throw new LoginLinkError('--uai is for the establishment role only; other roles see the whole tenant');
  const known = await establishments.idsByUai(db, tenant.id, uais);
  const unknown = uais.filter((uai) => !known.has(uai));
  if (unknown.length) throw new LoginLinkError(`no establishment ${unknown.join(', ')} in tenant ${tenant.code}`);
  const minutes = request.minutes ?? config.sessions.linkMinutes;
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_MINUTES)
    throw new LoginLinkError(`--minutes must be a whole number from 1 to ${MAX_MINUTES}`);

  const name = request.name?.trim();
  const link = await loginLinks.create(db, tenant.id, {
    role,
    establishmentUais: uais,
    displayName: name || defaultName(role),
    subject: name ? `link:${name}` : null,
    minutes,
  });
  const url = new URL(`${config.api.publicUrl}/auth/link`);
  url.searchParams.set('token', link.token);
  if (request.next) url.searchParams.set('next', request.next);
  return { url: url.toString(), expiresAt: link.expiresAt, id: link.id, tenantId: tenant.id, role };
}

const ROLE_NAMES: Record<PersonRole, string> = {
  admin: 'Administrateur',
  operator: 'Service informatique',
  establishment: "Chef d'établissement",
  partner: 'Académie',
};

function defaultName(role: PersonRole) {
  return `${ROLE_NAMES[role]} (lien de connexion)`;
}
