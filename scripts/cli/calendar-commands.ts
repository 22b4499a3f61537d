import { commandLine } from '@vigie/config';
import { parseCalendarCsv, parseCalendarJson } from '@vigie/calendar';
import { auditEvents } from '@vigie/store';
import { importSchoolCalendar } from '../../services/api/src/calendar/import-school-calendar.ts';
import { cliActor } from './cli-actor.ts';
import { withQueues } from './open-queues.ts';
import { defineTenantCommand, withTenant } from './tenant-command.ts';
import { EXPORT_FILE_OPTION, readExport } from './tenant-commands.ts';

const { requireOption } = commandLine;

export const calendarImport = defineTenantCommand({
  name: 'calendar-import',
  summary: 'import the official school calendar (fr-en-calendrier-scolaire) for a tenant',
  details: [
    'accepts the .csv export (separator ";") or the .json export; replaces the zones and school years the file holds.',
    'Days already rolled up in those zones are recomputed by the workers, as after POST /v1/calendar/import;',
    'follow them with GET /v1/recompute.',
  ],
  options: { file: EXPORT_FILE_OPTION },
  examples: ['npm run vigie -- calendar-import --tenant d077 --file fr-en-calendrier-scolaire.csv'],
  async run(values, code) {
    const file = requireOption(values, 'file');
    const { text, format } = readExport(file);
    const periods = format === 'json' ? parseCalendarJson(JSON.parse(text)) : parseCalendarCsv(text);
    const { run, ...result } = await withTenant(code, async (db, tenant, config) => {
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
