import { devicesOf, Sources, type Device, type FleetPlan } from '@vigie/simulator';

/** What one Vigie device should say, from the simulator's ground truth. */
export interface ExpectedDevice {
  uai: string;
  cart: string | null;
  kind: string;
  status: string;
}

// What Vigie can know of a status: GLPI's states say them all; Google has retired (DEPROVISIONED) and
// lost (DISABLED); Intune, Jamf and Headwind lists say none, so Vigie's default, in service, stands.
function visibleStatus(device: Device): string {
  const { activity, glpi } = device.sources;
  if (activity === Sources.glpi || glpi?.serial === device.serial) return device.status;
  if (activity === Sources.google && (device.status === 'retired' || device.status === 'lost')) return device.status;
  return 'in_service';
}

/**
 * The fleet as Vigie should hold it: one device per real device, whatever the number of its records
 * (a re-enrolment, GLPI's copy with the same serial), plus one per GLPI record carrying a BIOS
 * placeholder serial, which must never merge. `owners` maps "source/record id" to its truth id.
 */
export function expectedDevices(plan: FleetPlan) {
  const devices = new Map<string, ExpectedDevice>();
  const owners = new Map<string, string>();
  for (const establishment of plan.establishments) {
    for (const device of devicesOf(plan, establishment)) {
      const id = `${establishment.uai}/${device.index}`;
      const seen = { uai: establishment.uai, cart: device.group.cart, kind: device.model.kind };
      devices.set(id, { ...seen, status: visibleStatus(device) });
      const { activity, activityId, reenrolledId, glpi } = device.sources;
      owners.set(`${activity}/${activityId}`, id);
      if (reenrolledId) owners.set(`${activity}/${reenrolledId}`, id);
      if (glpi && glpi.serial !== device.serial) {
        devices.set(`${id}/placeholder`, { ...seen, status: device.status });
        owners.set(`${Sources.glpi}/${glpi.id}`, `${id}/placeholder`);
      } else if (glpi) owners.set(`${Sources.glpi}/${glpi.id}`, id);
    }
  }
  return { devices, owners, placeholders: [...devices.keys()].filter((k) => k.endsWith('/placeholder')).length };
}
