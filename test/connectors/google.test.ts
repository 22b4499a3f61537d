import { readFileSync } from 'node:fs';
import { describeConnector, STANDARD_FAULTS } from './conformance.ts';
import { startFakeGoogle } from '../fake-mdm/google.ts';
import { fakeSource, googleKeys } from '../setup/fake-mdm-sources.ts';

const quota403 = (
  JSON.parse(
    readFileSync(
      new URL('../fixtures/mdm-samples/google_chromeos_directory/error-403-userRateLimitExceeded.json', import.meta.url),
      'utf8',
    ),
  ) as { body: unknown }
).body;

describeConnector({
  kind: 'google',
  os: 'ChromeOS',
  start: (fleet, faults) => startFakeGoogle(fleet, googleKeys().public, faults),
  source: (url) => ({
    ...fakeSource('google', url),
    page_size: 3,
    options: { customer_id: 'my_customer', telemetry: 'on', telemetry_base_url: url },
    mapping: [
      { match: '/Colleges/0770934X/Chariot 1', uai: '0770934X', cart: 'Chariot 1' },
      { match: '/Colleges/0770934X/*', uai: '0770934X' },
    ],
  }),
  extraEventsPerDevice: 1,
  sessions: 6,
  // Telemetry battery reports: 5000 mAh design, full charge 4500, 4000 and 3500 mAh for the first three.
  batteryHealth: [90, 80, 70],
  // Directory quota exhaustion is a 403 with reason userRateLimitExceeded, not a 429. The first
  // request that succeeds (5) is the battery read of telemetry/devices, one page: the shift and the
  // token expiry come one request later than STANDARD_FAULTS so they still fall between Directory pages.
  faults: (shift) => ({
    ...STANDARD_FAULTS(shift),
    beforeRequest: { 7: shift },
    expireTokensAt: [8],
    rateLimitAt: [1, 9],
    rateLimitReply: { status: 403, body: quota403 },
  }),
});
