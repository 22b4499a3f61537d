import type { DeviceKind } from '@vigie/contracts';

// What French schools typically own, bought over eight years. Dates are plausible, not
// authoritative: Windows 10 support ended on 2025-10-14; a ChromeOS model has an "auto update
// expiration" (AUE) date after which it gets no updates (some here are already past); tablets get a
// few years of OS updates.

export interface DeviceModel {
  kind: DeviceKind;
  manufacturer: string;
  model: string;
  osName: string;
  osVersions: readonly string[];
  serialPrefix: string;
  acquiredYears: readonly [number, number];
  warrantyYears: number;
  supportEnd: string;
  storageMb: number;
}

export const MODELS: readonly DeviceModel[] = [
  { kind: 'tablet', manufacturer: 'Apple', model: 'iPad (6th generation)', osName: 'iPadOS', osVersions: ['17.7'], serialPrefix: 'GCT', acquiredYears: [2018, 2019], warrantyYears: 2, supportEnd: '2024-09-16', storageMb: 32_768 },
  { kind: 'tablet', manufacturer: 'Apple', model: 'iPad (9th generation)', osName: 'iPadOS', osVersions: ['17.7', '18.6', '26.1'], serialPrefix: 'DMP', acquiredYears: [2021, 2023], warrantyYears: 3, supportEnd: '2027-09-30', storageMb: 65_536 },
  { kind: 'tablet', manufacturer: 'Apple', model: 'iPad (10th generation)', osName: 'iPadOS', osVersions: ['18.6', '26.1'], serialPrefix: 'GG7', acquiredYears: [2023, 2025], warrantyYears: 3, supportEnd: '2030-09-30', storageMb: 65_536 },
  { kind: 'tablet', manufacturer: 'Samsung', model: 'Galaxy Tab A8', osName: 'Android', osVersions: ['13', '14'], serialPrefix: 'R9W', acquiredYears: [2022, 2023], warrantyYears: 2, supportEnd: '2026-01-31', storageMb: 32_768 },
  { kind: 'tablet', manufacturer: 'Lenovo', model: 'Tab M10 (3rd Gen)', osName: 'Android', osVersions: ['12', '13'], serialPrefix: 'HA1', acquiredYears: [2020, 2022], warrantyYears: 2, supportEnd: '2025-06-30', storageMb: 32_768 },
  { kind: 'laptop', manufacturer: 'Dell', model: 'Latitude 3540', osName: 'Windows', osVersions: ['11 23H2', '11 24H2'], serialPrefix: 'DL3', acquiredYears: [2023, 2025], warrantyYears: 5, supportEnd: '2030-10-31', storageMb: 256_000 },
  { kind: 'laptop', manufacturer: 'HP', model: 'ProBook 450 G7', osName: 'Windows', osVersions: ['10 22H2'], serialPrefix: '5CD', acquiredYears: [2019, 2021], warrantyYears: 3, supportEnd: '2025-10-14', storageMb: 256_000 },
  { kind: 'laptop', manufacturer: 'Lenovo', model: 'ThinkPad E14 Gen 5', osName: 'Windows', osVersions: ['11 23H2', '11 24H2'], serialPrefix: 'PF4', acquiredYears: [2023, 2025], warrantyYears: 3, supportEnd: '2030-10-31', storageMb: 512_000 },
  { kind: 'desktop', manufacturer: 'Dell', model: 'OptiPlex 3000', osName: 'Windows', osVersions: ['11 23H2', '11 24H2'], serialPrefix: 'DO3', acquiredYears: [2022, 2024], warrantyYears: 5, supportEnd: '2029-10-31', storageMb: 256_000 },
  { kind: 'desktop', manufacturer: 'HP', model: 'ProDesk 400 G6', osName: 'Windows', osVersions: ['10 22H2'], serialPrefix: 'CZC', acquiredYears: [2018, 2020], warrantyYears: 3, supportEnd: '2025-10-14', storageMb: 256_000 },
  { kind: 'desktop', manufacturer: 'Lenovo', model: 'ThinkCentre M70q Gen 4', osName: 'Windows', osVersions: ['11 24H2'], serialPrefix: 'MJ0', acquiredYears: [2024, 2025], warrantyYears: 5, supportEnd: '2031-10-31', storageMb: 512_000 },
  { kind: 'chromebook', manufacturer: 'Acer', model: 'Chromebook 511 (C734)', osName: 'ChromeOS', osVersions: ['140', '142'], serialPrefix: 'NXA', acquiredYears: [2023, 2024], warrantyYears: 3, supportEnd: '2033-06-30', storageMb: 32_768 },
  { kind: 'chromebook', manufacturer: 'Lenovo', model: '300e Chromebook Gen 3', osName: 'ChromeOS', osVersions: ['138', '140'], serialPrefix: 'LR0', acquiredYears: [2021, 2022], warrantyYears: 3, supportEnd: '2029-06-01', storageMb: 32_768 },
  { kind: 'chromebook', manufacturer: 'HP', model: 'Chromebook 11 G8 EE', osName: 'ChromeOS', osVersions: ['126'], serialPrefix: '5CG', acquiredYears: [2020, 2021], warrantyYears: 3, supportEnd: '2026-06-01', storageMb: 32_768 },
  { kind: 'chromebook', manufacturer: 'Lenovo', model: '100e Chromebook Gen 2', osName: 'ChromeOS', osVersions: ['114'], serialPrefix: 'PW0', acquiredYears: [2018, 2019], warrantyYears: 3, supportEnd: '2024-06-01', storageMb: 16_384 },
  { kind: 'interactive_display', manufacturer: 'Promethean', model: 'ActivPanel 9 65"', osName: 'Android', osVersions: ['11'], serialPrefix: 'AP9', acquiredYears: [2020, 2024], warrantyYears: 5, supportEnd: '2028-12-31', storageMb: 32_768 },
  { kind: 'interactive_display', manufacturer: 'Speechi', model: 'SpeechiTouch 75"', osName: 'Android', osVersions: ['9'], serialPrefix: 'SPT', acquiredYears: [2018, 2021], warrantyYears: 3, supportEnd: '2025-12-31', storageMb: 16_384 },
];

export function modelsOf(kind: DeviceKind): DeviceModel[] {
  return MODELS.filter((m) => m.kind === kind);
}
