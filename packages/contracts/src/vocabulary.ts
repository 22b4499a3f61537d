// The closed vocabularies of the canonical model; the SQL CHECK constraints in migrations/ repeat them.
export const DeviceKinds = ['tablet', 'laptop', 'desktop', 'chromebook', 'interactive_display', 'other'] as const;
export const Assignments = ['individual', 'cart', 'shared_room', 'teacher', 'stock'] as const;
export const DeviceStatuses = ['in_service', 'in_repair', 'spare', 'lost', 'retired'] as const;
export const EstablishmentTypes = ['ecole', 'college', 'lycee', 'lycee_professionnel', 'erea', 'other'] as const;
export const CalendarZones = [
  'A',
  'B',
  'C',
  'corse',
  'guadeloupe',
  'martinique',
  'guyane',
  'reunion',
  'mayotte',
  'nouvelle_caledonie',
  'polynesie',
  'saint_pierre_et_miquelon',
  'wallis_et_futuna',
] as const;
export const TenantKinds = ['commune', 'departement', 'region', 'grouping'] as const;
export const Roles = ['admin', 'operator', 'establishment', 'partner', 'connector'] as const;
export const AppCategories = ['educational', 'ent', 'office', 'browser', 'other'] as const;

export type DeviceKind = (typeof DeviceKinds)[number];
export type Role = (typeof Roles)[number];
