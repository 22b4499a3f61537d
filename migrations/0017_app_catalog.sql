-- A tenant's app catalogue: which category each app counts in (educational, ENT, office, browser,
-- other). It wins over the category a source sent, so a collectivité classifies its apps once for
-- every MDM.
CREATE TABLE app_catalog (
  tenant_id  uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  app_id     text NOT NULL,
  category   text NOT NULL CHECK (category IN ('educational', 'ent', 'office', 'browser', 'other')),
  name       text,
  PRIMARY KEY (tenant_id, app_id)
);
