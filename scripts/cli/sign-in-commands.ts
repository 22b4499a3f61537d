import { commandLine } from '@vigie/config';
import { PersonRoles } from '@vigie/contracts';
import { auditEvents } from '@vigie/store';
import { createLoginLink } from '../../services/api/src/sign-in/login-link.ts';
import { withDatabase } from './open-database.ts';
import { cliActor } from './cli-actor.ts';
import { defineTenantCommand } from './tenant-command.ts';

const { positiveInt, requireOption } = commandLine;

export const loginLink = defineTenantCommand({
  name: 'login-link',
  summary: 'print a one-time sign-in link to the dashboard (single use, expiring in minutes)',
  details: [
    `roles: ${PersonRoles.join(', ')}; an establishment head sees only the UAIs given with --uai.`,
    'The link is built from API_PUBLIC_URL: set it to the address people use.',
  ],
  options: {
    role: { type: 'string', description: `one of ${PersonRoles.join(', ')}` },
    uai: { type: 'string', multiple: true, description: 'an establishment the person may see (role establishment)' },
    minutes: { type: 'string', valueName: 'N', description: 'validity (default LOGIN_LINK_MINUTES, 15)' },
    name: { type: 'string', description: 'who it is for (links with one name are one person for "sign out everywhere")' },
    next: { type: 'string', valueName: 'PATH', description: 'page to open after signing in' },
  },
  examples: [
    'npm run vigie -- login-link --tenant d077 --role operator --name dsi',
    'npm run vigie -- login-link --tenant d077 --role establishment --uai 0770934X --minutes 60',
  ],
  async run(values, tenantCode) {
    const role = requireOption(values, 'role');
    const minutes = values.minutes === undefined ? undefined : positiveInt('minutes', values.minutes);
    const link = await withDatabase(async (db, config) => {
      const created = await createLoginLink(db, config, {
        tenantCode,
        role,
        uais: values.uai ?? [],
        ...(minutes ? { minutes } : {}),
        ...(values.name ? { name: values.name } : {}),
        ...(values.next ? { next: values.next } : {}),
      });
      await auditEvents.append(db, created.tenantId, cliActor(), {
        action: 'login_link.created',
        target: { kind: 'login_link', id: created.id },
        // The person the link is for is not named: the journal names actors only.
        details: { role: created.role, uais: values.uai?.length ?? 0, expires_at: created.expiresAt.toISOString() },
      });
      return created;
    });
    console.log(link.url);
  },
});
