-- Reference data from the Annuaire de l'éducation and the school calendar, per establishment.
-- Columns are nullable: establishments created by hand before an import keep working, and the
-- annuaire leaves many values unknown (pupil counts especially).
SET LOCAL lock_timeout = '5s';

ALTER TABLE establishments
  -- Weekly rhythm; null = the default of the type (écoles: no Wednesday; others: Wednesday morning only).
  ADD COLUMN rhythm              text CHECK (rhythm IN ('wednesday_afternoon_off', 'wednesday_off', 'five_days')),
  -- Alsace-Moselle keeps Good Friday and 26 December as public holidays.
  ADD COLUMN alsace_moselle      boolean NOT NULL DEFAULT false,
  ADD COLUMN pupils              integer CHECK (pupils >= 0),
  ADD COLUMN public_private      text,
  ADD COLUMN nature_code         text,
  ADD COLUMN academie_code       text,
  ADD COLUMN academie            text,
  ADD COLUMN commune_code        text,
  -- INSEE form ("77", "2A", "971"); the annuaire's raw value ("077", "02A") is kept beside it.
  ADD COLUMN departement_code    text,
  ADD COLUMN departement_raw     text,
  ADD COLUMN region_code         text,
  ADD COLUMN education_priority  text CHECK (education_priority IN ('REP', 'REP+')),
  -- Closed establishments are kept, never deleted: devices may still point at them.
  ADD COLUMN closed              boolean NOT NULL DEFAULT false,
  ADD COLUMN parent_uai          text,
  ADD COLUMN annuaire_updated_on date;

-- The territory a collectivité pays for: commune INSEE code, département or région code. With the
-- tenant's kind it defines its perimeter in the annuaire (écoles, collèges, lycées respectively).
ALTER TABLE tenants ADD COLUMN territory_code text;
