/** How an establishment outage is recognised (docs/indicators.md). */
export interface OutageThresholds {
  silentShare: number;
  minDevices: number;
}

/** Most of the devices that usually report went silent together: the network, not the devices. */
export function isOutage(reporting: number, silent: number, t: OutageThresholds): boolean {
  return reporting >= t.minDevices && silent >= Math.ceil(reporting * t.silentShare);
}
