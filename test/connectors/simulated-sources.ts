import { cartsOf, Sources, type FleetPlan, type Source } from '@vigie/simulator';
import type { FakeMdm, Faults } from '../fake-mdm/fake-server.ts';
import type { FleetDevice } from '../fake-mdm/fleet.ts';
import { startFakeFleetDm } from '../fake-mdm/fleet-dm.ts';
import { startFakeGlpi } from '../fake-mdm/glpi.ts';
import { startFakeGoogle } from '../fake-mdm/google.ts';
import { startFakeHeadwind } from '../fake-mdm/headwind.ts';
import { startFakeIntune } from '../fake-mdm/intune.ts';
import { startFakeJamfPro } from '../fake-mdm/jamf-pro.ts';
import { startFakeJamfSchool } from '../fake-mdm/jamf-school.ts';
import { placeOf } from '../fake-mdm/simulated-fleet.ts';
import { fakeSource, googleKeys } from '../setup/fake-mdm-sources.ts';

/** One fake MDM serving a simulator source: its fake, the connector's id of a served device, the source to create. */
export interface ServedSource {
  start(fleet: FleetDevice[]): Promise<FakeMdm>;
  externalId(d: FleetDevice): string;
  body(url: string): Record<string, unknown>;
  /** A place name as this MDM's records show it to the mapping rules (GLPI prefixes its location tree). */
  place?(name: string): string;
}

// One rate-limit answer per MDM, so every sync goes through its client's retry; Google's is a 403.
const RATE_LIMITED: Faults = { rateLimitAt: [2], retryAfter: '0.05' };
const GOOGLE_QUOTA: Faults = {
  ...RATE_LIMITED,
  rateLimitReply: { status: 403, body: { error: { code: 403, errors: [{ reason: 'userRateLimitExceeded' }] } } },
};

// Google's fake reports app usage for its first devices, two sessions each.
const TELEMETRY_DEVICES = 5;
export const GOOGLE_TELEMETRY_SESSIONS = TELEMETRY_DEVICES * 2;

const jamfPro: ServedSource = {
  start: (fleet) => startFakeJamfPro(fleet, RATE_LIMITED),
  externalId: (d) => `mobile-${d.num}`,
  body: (url) => fakeSource('jamf_pro', url),
};
// No paging: the whole list in one answer.
const jamfSchool: ServedSource = {
  start: (fleet) => startFakeJamfSchool(fleet, RATE_LIMITED),
  externalId: (d) => `0000${d.num}-${d.id}`,
  body: (url) => ({ ...fakeSource('jamf_school', url), time_zone: 'Europe/Paris' }),
};
const headwind: ServedSource = {
  start: (fleet) => startFakeHeadwind(fleet, RATE_LIMITED),
  externalId: (d) => String(d.num),
  body: (url) => fakeSource('headwind', url),
};
const intune: ServedSource = {
  start: (fleet) => startFakeIntune(fleet, RATE_LIMITED),
  externalId: (d) => d.id,
  body: (url) => fakeSource('intune', url),
};
const fleetDm: ServedSource = {
  start: (fleet) => startFakeFleetDm(fleet, RATE_LIMITED),
  externalId: (d) => String(d.num),
  body: (url) => fakeSource('fleet', url),
};
const google: ServedSource = {
  start: (fleet) => startFakeGoogle(fleet, googleKeys().public, GOOGLE_QUOTA, TELEMETRY_DEVICES),
  externalId: (d) => d.id,
  body: (url) => ({ ...fakeSource('google', url), options: { customer_id: 'my_customer', telemetry: 'on', telemetry_base_url: url } }),
};
// GLPI is the inventory of record (a state for every kind): its claims win over the other MDMs'.
const glpi: ServedSource = {
  start: (fleet) => startFakeGlpi(fleet, RATE_LIMITED),
  externalId: (d) => String(d.num),
  body: (url) => ({ ...fakeSource('glpi', url), time_zone: 'Europe/Paris', priority: 10 }),
  place: (name) => `Collège > ${name}`,
};

/** Each simulator source from the MDM a collectivité most often runs for it. */
export const SERVED_BY_USUAL_MDMS: Record<Source, ServedSource> = {
  [Sources.jamf]: jamfPro,
  [Sources.headwind]: headwind,
  [Sources.intune]: intune,
  [Sources.google]: google,
  [Sources.glpi]: glpi,
};

/** The same fleet with iPads in Jamf School and Windows laptops in Fleet: the seven fakes between the two. */
export const SERVED_BY_OTHER_MDMS: Record<Source, ServedSource> = {
  ...SERVED_BY_USUAL_MDMS,
  [Sources.jamf]: jamfSchool,
  [Sources.intune]: fleetDm,
};

/** Mapping rules from an MDM's place names to the plan's establishments and carts (carts first: the first match wins). */
export function mappingFor(plan: FleetPlan, served: ServedSource) {
  const place = served.place ?? ((name: string) => name);
  return [
    ...cartsOf(plan).map((c) => ({ match: place(placeOf(c.uai, c.name)), uai: c.uai, cart: c.name })),
    ...plan.establishments.map((e) => ({ match: `${place(e.uai)}*`, uai: e.uai })),
  ];
}
