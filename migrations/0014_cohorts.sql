-- Cohorts: tags on establishments or devices (a pilot wave, 1:1 vs carts) compared as groups.
CREATE TABLE cohorts (
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  name        text NOT NULL,
  member_kind text NOT NULL CHECK (member_kind IN ('establishment', 'device')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name)
);

-- member_id is an establishment id or a device id, per the cohort's member_kind: one table keeps the
-- comparison query one shape; deleting a member leaves a row that simply matches nothing.
CREATE TABLE cohort_members (
  tenant_id  uuid NOT NULL,
  cohort_id  uuid NOT NULL,
  member_id  uuid NOT NULL,
  PRIMARY KEY (tenant_id, cohort_id, member_id),
  FOREIGN KEY (tenant_id, cohort_id) REFERENCES cohorts (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX cohort_members_member ON cohort_members (tenant_id, member_id);
