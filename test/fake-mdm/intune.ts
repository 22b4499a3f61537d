import type { FleetDevice } from './fleet.ts';
import { bearerOf, startFakeMdm, type Faults } from './fake-server.ts';

export const toGraph = (d: FleetDevice) => ({
  id: d.id,
  userId: d.user ? 'a1b2' : '',
  deviceName: d.name,
  managedDeviceOwnerType: 'company',
  enrolledDateTime: '2024-09-02T07:41:18Z',
  lastSyncDateTime: d.lastCheckIn.toISOString().replace('.000Z', 'Z'),
  operatingSystem: d.os === 'iPadOS' ? 'iOS' : d.os,
  complianceState: 'compliant',
  osVersion: d.osVersion,
  easActivationDateTime: '0001-01-01T00:00:00Z',
  emailAddress: d.user?.email ?? '',
  userPrincipalName: d.user?.email ?? '',
  userDisplayName: d.user?.name ?? '',
  deviceCategoryDisplayName: d.group,
  model: d.model,
  manufacturer: d.manufacturer ?? 'Dell Inc.',
  serialNumber: d.serial,
  totalStorageSpaceInBytes: d.totalBytes,
  freeStorageSpaceInBytes: d.freeBytes,
  managedDeviceName: d.user ? `${d.user.name}_Windows_9/2/2024` : d.name,
  physicalMemoryInBytes: 0,
  complianceGracePeriodExpirationDateTime: '9999-12-31T23:59:59Z',
  someFieldAddedNextYear: { nested: true },
});

/** Microsoft Graph managedDevices: client-credentials token, keyset paging by device name (skiptoken). */
export function startFakeIntune(fleet: FleetDevice[], faults: Faults = {}, secret = 'graph-secret') {
  return serveIntune(() => fleet.map(toGraph), faults, secret);
}

type GraphDevice = { id: string; deviceName: string };

/** The same API over managedDevice records as Graph writes them (a recorded sample, or rendered ones). */
export function serveIntune(records: () => unknown[], faults: Faults = {}, secret = 'graph-secret') {
  return startFakeMdm(
    {
      auth(req, issue) {
        if (req.url.pathname !== '/token') return null;
        const form = new URLSearchParams(req.body);
        if (form.get('client_secret') !== secret || form.get('grant_type') !== 'client_credentials') {
          return { status: 401, body: { error: 'invalid_client' } };
        }
        return { body: { token_type: 'Bearer', expires_in: 3599, access_token: issue() } };
      },
      authorised: (req, tokens) => tokens.has(bearerOf(req)),
      list(req, base) {
        // Beta GET of one device: the only place Graph fills hardwareInformation.
        const one = /^\/beta\/deviceManagement\/managedDevices\/([^/]+)$/.exec(req.url.pathname);
        if (one) {
          const device = (records() as (GraphDevice & { hardwareInformation?: unknown })[]).find(
            (d) => d.id === decodeURIComponent(one[1]!),
          );
          return device
            ? { body: { id: device.id, hardwareInformation: device.hardwareInformation ?? { batteryHealthPercentage: 0 } } }
            : { status: 404, body: { error: { code: 'ResourceNotFound' } } };
        }
        const top = Number(req.url.searchParams.get('$top') ?? 1000);
        const skip = req.url.searchParams.get('$skiptoken');
        const sorted = (records() as GraphDevice[]).sort((a, b) => a.deviceName.localeCompare(b.deviceName) || a.id.localeCompare(b.id));
        let start = 0;
        if (skip) {
          const [, name, id] = /LastDeviceName='(.*)',LastDeviceId='(.*)'/.exec(skip) ?? [];
          start = sorted.findIndex((d) => d.deviceName > name! || (d.deviceName === name && d.id > id!));
          if (start < 0) start = sorted.length;
        }
        const page = sorted.slice(start, start + top);
        const last = page[page.length - 1];
        const more = start + top < sorted.length && last;
        return {
          body: {
            '@odata.context': `${base}/v1.0/$metadata#deviceManagement/managedDevices`,
            ...(more
              ? {
                  '@odata.nextLink': `${base}/v1.0/deviceManagement/managedDevices?$top=${top}&$skiptoken=${encodeURIComponent(`LastDeviceName='${last.deviceName}',LastDeviceId='${last.id}'`)}`,
                }
              : {}),
            value: page.map(({ hardwareInformation: _beta, ...listed }: GraphDevice & { hardwareInformation?: unknown }) => listed),
          },
        };
      },
    },
    faults,
  );
}
