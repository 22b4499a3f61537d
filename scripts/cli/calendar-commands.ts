import { commandLine } from '@vigie/config';
import { parseCalendarCsv, parseCalendarJson } from '@vigie/calendar';
import { auditEvents } from '@vigie/store';
import { importSchoolCalendar } from '../../services/api/src/calendar/import-school-calendar.ts';
import { cliActor } from './cli-actor.ts';
import { withDatabase } from './open-database.ts';
import { withQueues } from './open-queues.ts';
import { readExport, TENANT_OPTION, tenantByCode } from './tenant-commands.ts';

const { defineCommand, requireOption } = commandLine;

export const calendarImport = defineCommand({
  name: 'calendar-import',
  summary: 'import the official school calendar (fr-en-calendrier-scolaire) for a tenant',
  details: [
    'accepts the .csv export (separator ";") or the .json export; replaces the zones and school years the file holds.',
    'Days already rolled up in those zones are recomputed by the workers, as after POST /v1/calendar/import;',
    'follow them with GET /v1/recompute.',
  ],
  options: {
    tenant: TENANT_OPTION,
    file: { type: 'string', valueName: 'PATH', description: 'the export (.csv or .json)' },
  },
  examples: ['npm run vigie -- calendar-import --tenant d077 --file fr-en-calendrier-scolaire.csv'],
  async run(values) {
    const code = requireOption(values, 'tenant');
    const file = requireOption(values, 'file');
    const { text, format } = readExport(file);
    const periods = format === 'json' ? parseCalendarJson(JSON.parse(text)) : parseCalendarCsv(text);
    const { run, ...result } = await withDatabase(async (db, config) => {
      const tenant = await tenantByCode(db, code);
      const imported = await withQueues(config, (queues) => importSchoolCalendar({ db, queues, config }, tenant.id, periods));
      await auditEvents.append(db, tenant.id, cliActor(), {
        action: 'calendar.imported',
        details: { periods: imported.periods, removed: imported.removed, zones: imported.zones },
      });
      return imported;
    });
    console.log(
      JSON.stringify({ periods: result.periods, removed: result.removed, zones: result.zones, recompute_days: run?.days_total ?? 0 }),
    );
  },
});
