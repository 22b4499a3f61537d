-- A UAI is 7 digits and a check letter: the number modulo 23 on the alphabet without I, O, Q.
CREATE FUNCTION uai_is_valid(uai text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN uai ~ '^[0-9]{7}[A-Z]$'
    THEN substr('ABCDEFGHJKLMNPRSTUVWXYZ', (substr(uai, 1, 7)::int % 23) + 1, 1) = substr(uai, 8, 1)
    ELSE false END
$$;

CREATE TABLE establishments (
  tenant_id      uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  uai            text NOT NULL CHECK (uai_is_valid(uai)),
  name           text NOT NULL,
  type           text NOT NULL CHECK (type IN ('ecole', 'college', 'lycee', 'lycee_professionnel', 'erea', 'other')),
  calendar_zone  text NOT NULL,
  time_zone      text NOT NULL DEFAULT 'Europe/Paris',
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, uai)
);

-- Classes mobiles: a cart of tablets or laptops shared between classrooms of one establishment.
CREATE TABLE carts (
  tenant_id         uuid NOT NULL,
  id                uuid NOT NULL DEFAULT gen_random_uuid(),
  establishment_id  uuid NOT NULL,
  name              text NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, establishment_id, name),
  FOREIGN KEY (tenant_id, establishment_id) REFERENCES establishments (tenant_id, id) ON DELETE CASCADE
);
