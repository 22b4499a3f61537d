export {
  FleetTooLargeError,
  planFleet,
  type FleetOptions,
  type FleetPlan,
  type FleetShape,
  type PlannedEstablishment,
  type PlannedTenant,
  type UsageProfile,
} from './population/fleet-plan.ts';
export { deviceAt, devicesOf, worksOn, type Device } from './population/devices.ts';
export { Sources, activityIdOn, type Source } from './population/device-sources.ts';
export { hash, unit } from './population/prng.ts';
export { calendarOf, dayClock, lessonStarts } from './behaviour/school-day.ts';
export { simulateDeviceDay, type DeviceDay, type Session, type CheckIn } from './behaviour/device-day.ts';
export { usageLevel } from './behaviour/usage-level.ts';
export { offlineUntil, outageAllDay, outageOn, OUTAGE, MAX_DELAY_DAYS } from './delivery/delivery-delays.ts';
export { inBatches, take } from './delivery/batches.ts';
export { sourcedBatches, type SourcedBatch } from './delivery/sourced-batches.ts';
export { deviceDayEvents } from './events/device-day-events.ts';
export type { Delivered } from './events/delivered.ts';
export { cartsOf, inventoryEvents, inventoryOf } from './events/inventory-events.ts';
export { datesFrom, deliveredBetween, fleetDays, type SimulatedDeviceDay } from './events/fleet-days.ts';
export { ACTIVE_DAY_SECONDS, deviceDayTruth, type DeviceDayTruth, type Signal } from './truth/device-day-truth.ts';
export { establishmentDays, type EstablishmentDayTruth } from './truth/establishment-day-truth.ts';
export { CART_SESSION_MIN_DEVICES, cartDays, type CartDayTruth } from './truth/cart-day-truth.ts';
export { writeTruth } from './truth/write-truth.ts';
export { judgedOnUse, judgeOnUse, UseSignals, USE_SIGNAL_WINDOW_DAYS } from './truth/use-signals.ts';
export { pushBatches, type PushOptions, type PushSummary, type PushedBatch } from './push/push-events.ts';
export { call, ApiCallError, type Api } from './push/vigie-client.ts';
export { progressBar, type ProgressBar } from './push/progress-bar.ts';
export { provisionFleet, type ProvisionedTenant } from './push/provision-fleet.ts';
export { keepFleetLive, type LiveOptions, type LiveTick } from './push/live-fleet.ts';
export { positiveInt, UsageError } from './cli/cli-options.ts';
export { pushBackfill, pushInventory, type BackfillOptions } from './push/push-backfill.ts';
