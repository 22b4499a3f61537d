import type { Generated } from 'kysely';

export interface CalendarPeriodsTable {
  tenant_id: string;
  zone: string;
  school_year: string;
  start_date: string;
  end_date: string;
  description: string;
  imported_at: Generated<Date>;
}

export interface CalendarExceptionsTable {
  tenant_id: string;
  id: Generated<string>;
  zone: string | null;
  establishment_id: string | null;
  kind: string;
  start_date: string;
  end_date: string;
  description: Generated<string>;
  created_at: Generated<Date>;
}

export interface CohortsTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  member_kind: string;
  created_at: Generated<Date>;
}

export interface CohortMembersTable {
  tenant_id: string;
  cohort_id: string;
  member_id: string;
}

export interface SchemaMigrationsTable {
  version: string;
  checksum: string;
  applied_at: Generated<Date>;
}

/** The reference tables: school calendar, peer cohorts, and the migrations applied. */
export interface ReferenceTables {
  calendar_periods: CalendarPeriodsTable;
  calendar_exceptions: CalendarExceptionsTable;
  cohorts: CohortsTable;
  cohort_members: CohortMembersTable;
  schema_migrations: SchemaMigrationsTable;
}
