import type { DeviceModel } from '../catalog/device-models.ts';
import type { PlannedEstablishment } from './fleet-plan.ts';
import type { Random } from './prng.ts';

/** MDMs as sources of events; GLPI's inventory agent sees every PC and display, and is the inventory of record for everything. */
export const Sources = { jamf: 'jamf', headwind: 'headwind', intune: 'intune', google: 'google-admin', glpi: 'glpi' } as const;
export type Source = (typeof Sources)[keyof typeof Sources];

/** Where a device's activity comes from and every inventory record that describes it. */
export interface DeviceSources {
  /** The source that reports its heartbeats, sessions or daily activity. */
  activity: Source;
  /** The source's id of the device before `reenrolledOn` (or always). */
  activityId: string;
  /** Re-enrolled under a new id from this date (the old record stays in the MDM). */
  reenrolledOn: string | null;
  reenrolledId: string | null;
  /** A second inventory record in GLPI, with the same serial or a BIOS placeholder. */
  glpi: { id: string; serial: string } | null;
}

// Some OEM boards leave the serial at its factory default; GLPI reports what the BIOS says.
const BIOS_PLACEHOLDER = 'To be filled by O.E.M.';

function activitySource(model: DeviceModel): Source {
  if (model.kind === 'chromebook') return Sources.google;
  if (model.osName === 'iPadOS') return Sources.jamf;
  if (model.kind === 'tablet') return Sources.headwind;
  if (model.kind === 'laptop') return Sources.intune;
  // Room PCs and interactive displays: only the GLPI agent's check-ins, no app sessions.
  return Sources.glpi;
}

export function sourcesOf(
  establishment: PlannedEstablishment,
  index: number,
  model: DeviceModel,
  serial: string,
  random: Random,
): DeviceSources {
  const activity = activitySource(model);
  const id = (source: Source) => `${source}-${establishment.uai}-${index.toString(36)}`;
  const reenrolled = activity === Sources.jamf && random() < 0.04;
  const windows = model.osName === 'Windows';
  const inGlpi = activity !== Sources.glpi && (windows || random() < 0.5);
  return {
    activity,
    activityId: id(activity),
    reenrolledOn: reenrolled
      ? `2026-${String(9 + Math.floor(random() * 4)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`
      : null,
    reenrolledId: reenrolled ? `${id(activity)}-re` : null,
    glpi: inGlpi ? { id: id(Sources.glpi), serial: windows && random() < 0.1 ? BIOS_PLACEHOLDER : serial } : null,
  };
}

/** The id the activity source uses for the device on a local date. */
export function activityIdOn(sources: DeviceSources, date: string): string {
  return sources.reenrolledOn !== null && date >= sources.reenrolledOn ? sources.reenrolledId! : sources.activityId;
}
