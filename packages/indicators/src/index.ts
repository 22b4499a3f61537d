export { IndicatorNames, type IndicatorKey, type IndicatorName } from './names.ts';
export { addDeviceDays, DEVICE_DAY_KEYS, noDeviceDays, perPupil, rates, ratio, reach, type DeviceDayCounts, type Rates } from './rates.ts';
export { delta, devicesOf, isSuppressed, rankWithinGroups, type Ranked } from './groups.ts';
export { metricValue, periodCounts, type ComparisonMetricKey, type PeriodFigures } from './period-metrics.ts';
export { activeShare, cartUtilisation, type CartDayCounts } from './cart-utilisation.ts';
