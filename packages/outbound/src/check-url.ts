import { isIP } from 'node:net';
import { addressKind, type AddressKind } from './address-kind.ts';
import { allows, type AllowList } from './allow-list.ts';
import { InternalAddressError } from './internal-address-error.ts';

// Names that are internal wherever they are resolved, refused before any DNS answer is asked for.
const INTERNAL_NAMES: [RegExp, AddressKind][] = [
  [/^localhost$|\.localhost$|^localhost\.localdomain$|^ip6-localhost$|^ip6-loopback$/, 'loopback'],
  // Cloud metadata services (GCP, AWS, Azure's IMDS is 169.254.169.254 itself).
  [/^metadata$|^metadata\.google\.internal$|^instance-data(\.ec2\.internal)?$/, 'link_local'],
  [/\.internal$|\.intranet$|\.lan$|\.home\.arpa$/, 'private'],
];

/** The host of a URL as it is connected to: lower case, no brackets, no trailing dot. */
export function hostOf(url: URL): string {
  return url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
}

/** Why a host name is internal by its name alone, or null. */
function nameKind(host: string): AddressKind | null {
  return INTERNAL_NAMES.find(([pattern]) => pattern.test(host))?.[1] ?? null;
}

/**
 * The refusal of a URL judged by its text: an IP literal in an internal range (the URL parser has
 * already turned 2130706433 and 0x7f.1 into 127.0.0.1), or an internal name. Names that resolve to
 * internal addresses are caught when connecting (guardedLookup), where the answer really counts.
 */
export function urlRefusal(url: string | URL, lists: readonly AllowList[]): InternalAddressError | null {
  const parsed = typeof url === 'string' ? URL.parse(url) : url;
  if (!parsed) return null;
  const host = hostOf(parsed);
  if (isIP(host) !== 0) {
    const kind = addressKind(host);
    return kind && !lists.some((l) => allows(l, host, host)) ? new InternalAddressError(host, kind) : null;
  }
  const kind = nameKind(host);
  if (!kind) return null;
  // Only a name allow-listed for private networks lifts a private-by-name host; localhost never.
  return kind === 'private' && lists.some((l) => l.hosts.has(host)) ? null : new InternalAddressError(host, kind);
}
