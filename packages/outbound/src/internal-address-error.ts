import type { AddressKind } from './address-kind.ts';

/** A URL whose host is, or resolves to, an internal address that no allow-list opens. */
export class InternalAddressError extends Error {
  override name = 'InternalAddressError';
  readonly code = 'internal_address';
  readonly host: string;
  readonly kind: AddressKind;

  constructor(host: string, kind: AddressKind) {
    super(`${host} is ${describe(kind)}; Vigie does not call internal addresses unless a platform administrator allow-lists them`);
    this.host = host;
    this.kind = kind;
  }
}

function describe(kind: AddressKind): string {
  const names: Record<AddressKind, string> = {
    loopback: 'a loopback address',
    link_local: 'a link-local address (cloud metadata)',
    private: 'a private-network address',
    cgnat: 'a carrier-grade NAT address',
    multicast: 'a multicast address',
    unspecified: 'an unspecified address',
    reserved: 'a reserved address',
  };
  return `or resolves to ${names[kind]}`;
}
