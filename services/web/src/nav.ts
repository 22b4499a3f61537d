import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Role } from '@vigie/contracts/web';
import type { MessageKey } from './i18n/catalogue.ts';

// The only list of pages: the navigation, the router and the role checks read it. Each page is
// one folder under pages/ and loads on first visit (the first screen ships only its own code).

export interface NavEntry {
  path: string;
  label: MessageKey;
  /** Roles that see the entry and may open the page. */
  roles: readonly Role[];
  page: LazyExoticComponent<ComponentType>;
}

const readers: readonly Role[] = ['admin', 'operator', 'establishment', 'partner'];
const deviceReaders: readonly Role[] = ['admin', 'operator', 'establishment'];
const fleetManagers: readonly Role[] = ['admin', 'operator'];

export const navEntries: readonly NavEntry[] = [
  {
    path: '/',
    label: 'nav.overview',
    roles: ['admin', 'operator', 'partner'],
    page: lazy(() => import('./pages/overview/overview-page.tsx').then((m) => ({ default: m.OverviewPage }))),
  },
  {
    path: '/etablissement',
    label: 'nav.establishment',
    roles: readers,
    page: lazy(() => import('./pages/establishment/establishment-page.tsx').then((m) => ({ default: m.EstablishmentPage }))),
  },
  {
    path: '/comparaisons',
    label: 'nav.comparisons',
    roles: readers,
    page: lazy(() => import('./pages/comparisons/comparisons-page.tsx').then((m) => ({ default: m.ComparisonsPage }))),
  },
  {
    path: '/renouvellement',
    label: 'nav.renewal',
    roles: readers,
    page: lazy(() => import('./pages/renewal/renewal-page.tsx').then((m) => ({ default: m.RenewalPage }))),
  },
  {
    path: '/appareils',
    label: 'nav.devices',
    roles: deviceReaders,
    page: lazy(() => import('./pages/devices/devices-page.tsx').then((m) => ({ default: m.DevicesPage }))),
  },
  {
    path: '/alertes',
    label: 'nav.alerts',
    roles: deviceReaders,
    page: lazy(() => import('./pages/alerts/alerts-page.tsx').then((m) => ({ default: m.AlertsPage }))),
  },
  {
    path: '/sources',
    label: 'nav.sources',
    roles: fleetManagers,
    page: lazy(() => import('./pages/sources/sources-page.tsx').then((m) => ({ default: m.SourcesPage }))),
  },
  {
    path: '/journal',
    label: 'nav.journal',
    roles: fleetManagers,
    page: lazy(() => import('./pages/journal/journal-page.tsx').then((m) => ({ default: m.JournalPage }))),
  },
  {
    path: '/reglages',
    label: 'nav.settings',
    roles: fleetManagers,
    page: lazy(() => import('./pages/settings/settings-page.tsx').then((m) => ({ default: m.SettingsPage }))),
  },
];

export const entriesFor = (role: Role) => navEntries.filter((e) => e.roles.includes(role));

/** The entry an address opens: exact path, or the longest path it starts with ("/appareils/…"). */
export function entryAt(pathname: string): NavEntry | undefined {
  return (
    navEntries.find((e) => e.path === pathname) ??
    [...navEntries].filter((e) => e.path !== '/' && pathname.startsWith(`${e.path}/`)).sort((a, b) => b.path.length - a.path.length)[0]
  );
}
