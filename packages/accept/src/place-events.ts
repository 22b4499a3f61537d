import type { IngestEvent, ItemResult } from '@vigie/contracts';
import { places, type Db } from '@vigie/store';

/**
 * What to do with an inventory placed in an establishment or cart the tenant lacks. A pushed item
 * is rejected: its sender can fix and resend it. A pulled one keeps its device, unplaced, with a
 * warning: the mapping rule is what to fix, and the device must not be lost meanwhile.
 */
export type UnknownPlace = 'reject' | 'unplace';

export interface Checked {
  index: number;
  event: IngestEvent;
}

/** The events whose places exist (or were removed, for `unplace`), adding a result per place refused. */
export async function placeEvents(
  db: Db,
  tenantId: string,
  valid: Checked[],
  unknownPlace: UnknownPlace,
  results: ItemResult[],
): Promise<Checked[]> {
  const claims = valid.flatMap((v) => (v.event.type === 'inventory' && v.event.establishment_uai ? [v.event] : []));
  if (claims.length === 0) return valid;
  const known = await places.lookup(db, tenantId, claims);
  const status = unknownPlace === 'reject' ? 'rejected' : 'accepted';
  return valid.filter(({ index, event }) => {
    if (event.type !== 'inventory' || !event.establishment_uai) return true;
    const establishmentId = known.establishmentId(event.establishment_uai);
    if (!establishmentId) {
      const consequence =
        unknownPlace === 'reject' ? 'create it first' : 'the device is kept without an establishment; fix the mapping rule or create it';
      results.push({
        index,
        status,
        code: 'unknown_establishment',
        field: 'establishment_uai',
        message: `no establishment ${event.establishment_uai} in this tenant; ${consequence}`,
      });
      delete event.establishment_uai;
      delete event.cart;
      return unknownPlace === 'unplace';
    }
    if (event.cart && !known.cartId(establishmentId, event.cart)) {
      const consequence = unknownPlace === 'reject' ? 'create it first' : 'the device is kept in the establishment, without a cart';
      results.push({
        index,
        status,
        code: 'unknown_cart',
        field: 'cart',
        message: `no cart "${event.cart}" in ${event.establishment_uai}; ${consequence}`,
      });
      delete event.cart;
      return unknownPlace === 'unplace';
    }
    return true;
  });
}
