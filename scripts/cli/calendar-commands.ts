import { commandLine } from '@vigie/config';
import { parseCalendarCsv, parseCalendarJson } from '@vigie/calendar';
import { auditEvents, calendarPeriods } from '@vigie/store';
import { withDatabase } from './open-database.ts';
import { cliActor } from './cli-actor.ts';
import { readExport, TENANT_OPTION, tenantByCode } from './tenant-commands.ts';

const { defineCommand, requireOption } = commandLine;

export const calendarImport = defineCommand({
  name: 'calendar-import',
  summary: "import the official school calendar (fr-en-calendrier-scolaire) for a tenant",
  details: ['accepts the .csv export (separator ";") or the .json export; replaces the zones and school years the file holds'],
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
    const zones = [...new Set(periods.map((p) => p.zone))].sort();
    const result = await withDatabase(async (db) => {
      const tenantId = (await tenantByCode(db, code)).id;
      const replaced = await calendarPeriods.replaceYears(db, tenantId, periods);
      await auditEvents.append(db, tenantId, cliActor(), { action: 'calendar.imported', details: { periods: replaced.inserted, removed: replaced.removed, zones } });
      return replaced;
    });
    console.log(JSON.stringify({ periods: result.inserted, removed: result.removed, zones }));
  },
});
