export { addressKind, type AddressKind } from './address-kind.ts';
export { allows, EMPTY_ALLOW_LIST, entryProblem, parseAllowList, storedAllowList, type AllowList } from './allow-list.ts';
export { urlRefusal } from './check-url.ts';
export { guardedLookup, systemResolve, type Resolve } from './guarded-lookup.ts';
export { InternalAddressError } from './internal-address-error.ts';
export { createOutbound, type Outbound, type OutboundFetch, type OutboundInit, type OutboundOptions } from './outbound-client.ts';
