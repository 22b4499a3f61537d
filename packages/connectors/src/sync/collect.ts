import type { Connector, DeviceRecord, SourceSettings, UsageRecord } from '../connector.ts';
import type { HttpClient } from '../http/http-client.ts';

export interface Collected {
  devices: Map<string, DeviceRecord>;
  usage: UsageRecord[];
  pages: number;
  /** Records as returned, duplicates included: what the MDM sent. */
  recordsSeen: number;
  /** The same id on two pages (offset paging over a shifting list, keyset paging after a rename). */
  duplicates: number;
}

const stamp = (r: DeviceRecord) => Date.parse(r.version ?? r.lastCheckIn ?? '') || 0;

/** Pages to the end; an id seen twice keeps its newest record (the later page on a tie). */
export async function collect(
  connector: Connector,
  settings: SourceSettings,
  http: HttpClient,
  onPage?: (progress: { pages: number; recordsSeen: number }) => void,
): Promise<Collected> {
  const out: Collected = { devices: new Map(), usage: [], pages: 0, recordsSeen: 0, duplicates: 0 };
  const usageKeys = new Set<string>();
  for await (const page of connector.pull(settings, http)) {
    out.pages++;
    out.recordsSeen += page.devices.length;
    for (const record of page.devices) {
      const seen = out.devices.get(record.externalId);
      if (seen) out.duplicates++;
      if (!seen || stamp(record) >= stamp(seen)) out.devices.set(record.externalId, record);
    }
    for (const usage of page.usage ?? []) {
      const key = `${usage.externalId}\u0000${usage.appId}\u0000${usage.startedAt}`;
      if (!usageKeys.has(key)) {
        usageKeys.add(key);
        out.usage.push(usage);
      }
    }
    onPage?.({ pages: out.pages, recordsSeen: out.recordsSeen });
  }
  return out;
}
