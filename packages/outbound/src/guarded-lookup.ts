import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { addressKind } from './address-kind.ts';
import { allows, type AllowList } from './allow-list.ts';
import { InternalAddressError } from './internal-address-error.ts';

/** Every address a host name resolves to; injectable so tests can play a rebinding DNS. */
export type Resolve = (host: string) => Promise<LookupAddress[]>;

export const systemResolve: Resolve = (host) =>
  new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
  );

/**
 * The `lookup` of every outbound socket: resolves the name and refuses the connection if any answer
 * is internal and not allow-listed. Checked here, at connect time, and not only when a URL is saved,
 * so a name that later resolves to 127.0.0.1 or 169.254.169.254 (DNS rebinding) is still refused.
 */
export function guardedLookup(resolve: Resolve, lists: readonly AllowList[]): LookupFunction {
  return (host: string, options: LookupOptions, callback: (...args: never[]) => void) => {
    const reply = callback as unknown as (err: Error | null, address?: string | LookupAddress[], family?: number) => void;
    resolve(host)
      .then((answers) => {
        for (const { address } of answers) {
          const kind = addressKind(address);
          if (kind && !lists.some((l) => allows(l, host, address))) throw new InternalAddressError(host, kind);
        }
        const wanted = options.family === 4 || options.family === 6 ? answers.filter((a) => a.family === options.family) : answers;
        if (wanted.length === 0) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND', hostname: host });
        if (options.all) reply(null, wanted);
        else reply(null, wanted[0]!.address, wanted[0]!.family);
      })
      .catch((error: Error) => reply(error));
  };
}
