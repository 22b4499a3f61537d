/**
 * Devices that must start an app session in a half-day's lesson hours for a cart to count as used
 * then: the tenant's minimum, or all of them for a smaller cart (never zero).
 */
export function cartSessionThreshold(cartDevices: number, minDevices: number): number {
  return Math.max(1, Math.min(cartDevices, minDevices));
}
