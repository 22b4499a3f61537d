-- School calendars as data: a tenant imports the official dataset fr-en-calendrier-scolaire over
-- the API or the CLI, and records per-zone corrections and per-establishment exceptions, so no
-- product file is edited to change a calendar. The shipped file still covers the zones and school
-- years a tenant did not import.

-- Holiday periods from `start_date` (inclusive) to `end_date` (exclusive: classes resume that morning).
-- An import replaces the tenant's periods of each (zone, school year) it holds.
CREATE TABLE calendar_periods (
  tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  zone         text NOT NULL,
  school_year  text NOT NULL,
  start_date   date NOT NULL,
  end_date     date NOT NULL CHECK (end_date >= start_date),
  description  text NOT NULL,
  imported_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, zone, school_year, start_date, end_date)
);

-- Days that differ from the zone's calendar, for a zone (a correction) or an establishment (a
-- closure, a bridge, exam days without classes, a make-up day with classes).
CREATE TABLE calendar_exceptions (
  tenant_id         uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id                uuid NOT NULL DEFAULT gen_random_uuid(),
  zone              text,
  establishment_id  uuid,
  kind              text NOT NULL CHECK (kind IN ('holiday', 'closure', 'bridge', 'exams', 'classes')),
  start_date        date NOT NULL,
  end_date          date NOT NULL CHECK (end_date > start_date),
  description       text NOT NULL DEFAULT '',
  created_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  CHECK ((zone IS NULL) <> (establishment_id IS NULL)),
  FOREIGN KEY (tenant_id, establishment_id) REFERENCES establishments (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX calendar_exceptions_zone ON calendar_exceptions (tenant_id, zone) WHERE zone IS NOT NULL;
CREATE INDEX calendar_exceptions_establishment ON calendar_exceptions (tenant_id, establishment_id) WHERE establishment_id IS NOT NULL;
