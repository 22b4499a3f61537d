import { BlockList, isIP, isIPv4 } from 'node:net';
import { addressKind, normalizeAddress, type AddressKind } from './address-kind.ts';

/** Exceptions to the refusal of internal addresses: CIDRs (or single addresses) and host names. */
export interface AllowList {
  readonly entries: readonly string[];
  readonly cidrs: BlockList;
  readonly hosts: ReadonlySet<string>;
}

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

// A name only opens the networks an on-premise server lives on. Loopback, link-local (the cloud
// metadata service) and the rest must be written out as a CIDR, so a DNS answer the tenant controls
// can never turn an allowed name into a way to the platform's own host.
const LIFTED_BY_NAME: ReadonlySet<AddressKind> = new Set(['private', 'cgnat']);

export type EntryProblem = { index: number; message: string };

/** Checks one entry: an IPv4/IPv6 address, a CIDR, or a host name. Returns why not, or null. */
export function entryProblem(entry: string): string | null {
  const [network, prefix, extra] = entry.split('/');
  if (extra !== undefined || network === undefined) return `${entry} is neither an address, a CIDR nor a host name`;
  const family = isIP(network);
  if (family !== 0) {
    if (prefix === undefined) return null;
    const bits = Number(prefix);
    return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128)
      ? null
      : `${entry}: the prefix length must be 0-${family === 4 ? 32 : 128}`;
  }
  if (prefix === undefined && HOST_NAME.test(entry.toLowerCase())) return null;
  return `${entry} is neither an address, a CIDR nor a host name`;
}

/** Builds an allow-list; throws on an entry entryProblem refuses (callers check first). */
export function parseAllowList(entries: readonly string[]): AllowList {
  const cidrs = new BlockList();
  const hosts = new Set<string>();
  for (const raw of entries) {
    const entry = raw.trim();
    const problem = entryProblem(entry);
    if (problem) throw new Error(problem);
    const [network, prefix] = entry.split('/') as [string, string | undefined];
    const family = isIP(network);
    if (family === 0) hosts.add(entry.toLowerCase().replace(/\.$/, ''));
    else {
      const normal = normalizeAddress(network);
      const type = isIPv4(normal) ? 'ipv4' : 'ipv6';
      // An IPv4-mapped IPv6 CIDR (::ffff:10.0.0.0/104) is kept as the IPv4 one it maps.
      const given = prefix === undefined ? 128 : Number(prefix);
      const bits = type === 'ipv6' ? given : prefix === undefined ? 32 : family === 6 ? Math.max(0, given - 96) : given;
      cidrs.addSubnet(normal, bits, type);
    }
  }
  return { entries: [...entries], cidrs, hosts };
}

export const EMPTY_ALLOW_LIST = parseAllowList([]);

/** An allow-list from stored entries, skipping any that no longer parse rather than failing a call. */
export function storedAllowList(entries: readonly string[] | null | undefined): AllowList {
  return parseAllowList((entries ?? []).filter((e) => entryProblem(e.trim()) === null));
}

/** Whether an internal address reached through `host` is an allowed exception. */
export function allows(list: AllowList, host: string, address: string): boolean {
  const normal = normalizeAddress(address);
  if (list.cidrs.check(normal, isIPv4(normal) ? 'ipv4' : 'ipv6')) return true;
  const kind = addressKind(normal);
  return kind !== null && LIFTED_BY_NAME.has(kind) && list.hosts.has(host.toLowerCase().replace(/\.$/, ''));
}
