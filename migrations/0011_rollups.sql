-- The rollup engine's tables (docs/indicators.md). Everything here is derived: a rollup job deletes
-- and rewrites the rows of one (tenant, establishment, local day), so recomputing is idempotent.

-- Per-tenant thresholds; a tenant without a row uses the defaults (the column defaults below, also
-- in @vigie/contracts RollupDefaults).
CREATE TABLE tenant_rollup_settings (
  tenant_id                  uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
  active_seconds             integer NOT NULL DEFAULT 300 CHECK (active_seconds > 0),
  presence_min_lesson_slots  integer NOT NULL DEFAULT 2 CHECK (presence_min_lesson_slots > 0),
  idle_school_days           integer NOT NULL DEFAULT 10 CHECK (idle_school_days > 0),
  offline_days               integer NOT NULL DEFAULT 14 CHECK (offline_days > 0),
  outage_silent_share        real NOT NULL DEFAULT 0.8 CHECK (outage_silent_share > 0 AND outage_silent_share <= 1),
  outage_min_devices         integer NOT NULL DEFAULT 5 CHECK (outage_min_devices > 0),
  cart_session_min_devices   integer NOT NULL DEFAULT 3 CHECK (cart_session_min_devices > 0),
  min_group_devices          integer NOT NULL DEFAULT 5 CHECK (min_group_devices > 0),
  updated_at                 timestamptz NOT NULL DEFAULT now()
);

-- (tenant, establishment, local day) whose rollup is out of date. Written in the same transaction
-- as the observations that make it so, so a lost Redis job only delays the rollup: the sweeper
-- finds the row again. marked_at lets a job clear only the marks it has seen.
CREATE TABLE rollup_dirty (
  tenant_id         uuid NOT NULL,
  establishment_id  uuid NOT NULL,
  day               date NOT NULL,
  marked_at         timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (tenant_id, establishment_id, day)
);
CREATE INDEX rollup_dirty_marked ON rollup_dirty (tenant_id, marked_at);

-- The activity decision of each device of an establishment on a local day.
CREATE TABLE device_activity (
  tenant_id              uuid NOT NULL,
  establishment_id       uuid NOT NULL,
  day                    date NOT NULL,
  device_id              uuid NOT NULL,
  kind                   text NOT NULL,
  assignment             text,
  cart_id                uuid,
  in_service             boolean NOT NULL,
  school_day             boolean NOT NULL,
  online                 boolean NOT NULL,
  active                 boolean NOT NULL,
  -- measured | usage | presence | presence_discounted | none (docs/indicators.md, "Jour actif").
  signal                 text NOT NULL,
  -- Measured or usage-derived seconds; presence never lands here.
  active_seconds         integer NOT NULL,
  lesson_slots           integer NOT NULL,
  -- Upper bound of use inferred from presence (lesson slots x 15 min), only when signal = presence.
  inferred_seconds       integer NOT NULL,
  PRIMARY KEY (tenant_id, establishment_id, day, device_id)
);
CREATE INDEX device_activity_device ON device_activity (tenant_id, device_id, day);

-- Per establishment and local day, in total (dimension 'all') and split by kind and by assignment.
CREATE TABLE establishment_days (
  tenant_id               uuid NOT NULL,
  establishment_id        uuid NOT NULL,
  day                     date NOT NULL,
  dimension               text NOT NULL CHECK (dimension IN ('all', 'kind', 'assignment')),
  value                   text NOT NULL,
  school_day              boolean NOT NULL,
  -- School half-days with classes that day (0, 1 or 2).
  half_days               smallint NOT NULL,
  in_service              integer NOT NULL,
  online                  integer NOT NULL,
  active                  integer NOT NULL,
  active_measured         integer NOT NULL,
  active_usage            integer NOT NULL,
  active_presence         integer NOT NULL,
  presence_discounted     integer NOT NULL,
  -- Outage detection (dimension 'all' only meaningful): devices seen in the 7 previous days, and how
  -- many of them were silent this day.
  reporting               integer NOT NULL,
  silent                  integer NOT NULL,
  outage                  boolean NOT NULL,
  computed_at             timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, establishment_id, day, dimension, value)
);

-- Week, month and school-year sums of establishment_days on school days, plus reach.
CREATE TABLE establishment_periods (
  tenant_id                 uuid NOT NULL,
  establishment_id          uuid NOT NULL,
  granularity               text NOT NULL CHECK (granularity IN ('week', 'month', 'school_year')),
  period_start              date NOT NULL,
  dimension                 text NOT NULL,
  value                     text NOT NULL,
  school_days               integer NOT NULL,
  in_service_device_days    integer NOT NULL,
  active_device_days        integer NOT NULL,
  active_measured           integer NOT NULL,
  active_usage              integer NOT NULL,
  active_presence           integer NOT NULL,
  -- Distinct devices in service on a school day of the period, and those active on one of them;
  -- null for school years (too costly to keep exact on each late arrival; use weeks or months).
  in_service_devices        integer,
  reached_devices           integer,
  computed_at               timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, establishment_id, granularity, period_start, dimension, value)
);

-- A tenant's day: sums over its establishments for which the date is a school day.
CREATE TABLE tenant_days (
  tenant_id                 uuid NOT NULL,
  day                       date NOT NULL,
  dimension                 text NOT NULL,
  value                     text NOT NULL,
  establishments            integer NOT NULL,
  in_service                integer NOT NULL,
  active                    integer NOT NULL,
  active_measured           integer NOT NULL,
  active_usage              integer NOT NULL,
  active_presence           integer NOT NULL,
  outages                   integer NOT NULL,
  computed_at               timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, day, dimension, value)
);

-- Per cart and local day: devices, activity, and the school half-days it was used in.
CREATE TABLE cart_days (
  tenant_id          uuid NOT NULL,
  cart_id            uuid NOT NULL,
  day                date NOT NULL,
  establishment_id   uuid NOT NULL,
  school_day         boolean NOT NULL,
  half_days          smallint NOT NULL,
  devices            integer NOT NULL,
  active_devices     integer NOT NULL,
  used_morning       boolean NOT NULL,
  used_afternoon     boolean NOT NULL,
  computed_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, cart_id, day)
);
CREATE INDEX cart_days_establishment ON cart_days (tenant_id, establishment_id, day);
