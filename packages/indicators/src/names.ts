/** An indicator's names, French first (the interface speaks French), and what it measures. */
export interface IndicatorName {
  fr: string;
  en: string;
  definition: string;
}

/** Every indicator Vigie reports, by the key it has in the API and the BI views (docs/indicators.md). */
export const IndicatorNames = {
  activity_rate: {
    fr: "Taux d'activité",
    en: 'Activity rate',
    definition: 'active device-days / in-service device-days, school days only; judged on use whenever use signals are available',
  },
  activity_rate_use: {
    fr: "Taux d'usage mesuré",
    en: 'Use rate',
    definition: 'device-days active on a measured or usage-derived signal / in-service device-days',
  },
  presence_rate: {
    fr: 'Taux de mise en service',
    en: 'Presence rate',
    definition: 'device-days active on use or seen in lesson hours / in-service device-days: an upper bound',
  },
  coverage: {
    fr: "Couverture par l'usage",
    en: 'Use coverage',
    definition: 'in-service device-days judged on use / in-service device-days',
  },
  presence_device_days: {
    fr: 'Jours-appareils jugés sur la présence',
    en: 'Device-days judged on presence',
    definition: 'in-service device-days with no use signal available',
  },
  reach: {
    fr: 'Taux de couverture',
    en: 'Reach',
    definition: 'devices active on at least one school day of the period / devices in service in it',
  },
  devices_per_pupil: { fr: 'Appareils par élève', en: 'Devices per pupil', definition: 'in-service device-days / school days / pupils' },
  active_devices_per_pupil: {
    fr: 'Appareils actifs par élève',
    en: 'Active devices per pupil',
    definition: 'active device-days / school days / pupils',
  },
  active_share: {
    fr: 'Part des appareils actifs',
    en: 'Active share',
    definition: "a cart's devices active that day / its in-service devices",
  },
  half_day_use_rate: {
    fr: "Taux d'utilisation des séances",
    en: 'Half-day use rate',
    definition: 'school half-days a cart was used in (a minimum of its devices starting a session) / school half-days with classes',
  },
  mean_active_share: {
    fr: 'Part moyenne des appareils actifs',
    en: 'Mean active share',
    definition: "mean over school days of a cart's active share, days without devices left out",
  },
  suppressed: {
    fr: 'Petit effectif masqué',
    en: 'Small-group suppression',
    definition: 'a value resting on fewer devices than the minimum (default 5) is not shown',
  },
  delta: { fr: 'Évolution', en: 'Delta', definition: 'value - value of the previous period' },
  percentile: { fr: 'Centile', en: 'Percentile', definition: 'share (0-100) of the peer group with a strictly lower value' },
} as const satisfies Record<string, IndicatorName>;
export type IndicatorKey = keyof typeof IndicatorNames;
