import { carts, establishments, type Db } from '@vigie/store';

/**
 * Inventories placed by a mapping rule in an establishment or cart the tenant lacks keep their
 * device but lose the placement: the device still lands, and the run reports the rule to fix.
 * (The push route rejects such items instead: there the sender can fix and resend the item.)
 */
export async function checkPlaces(db: Db, tenantId: string, events: Record<string, unknown>[], reject: (code: string, field: string) => void) {
  const placed = events.filter((e) => e.type === 'inventory' && typeof e.establishment_uai === 'string');
  if (placed.length === 0) return;
  const uaiIds = await establishments.idsByUai(db, tenantId, [...new Set(placed.map((e) => e.establishment_uai as string))]);
  const cartIds = await carts.idsByName(db, tenantId, placed.flatMap((e) => {
    const establishmentId = uaiIds.get(e.establishment_uai as string);
    return typeof e.cart === 'string' && establishmentId ? [{ establishmentId, name: e.cart }] : [];
  }));
  for (const event of placed) {
    const establishmentId = uaiIds.get(event.establishment_uai as string);
    if (!establishmentId) {
      reject('unknown_establishment', 'establishment_uai');
      delete event.establishment_uai;
      delete event.cart;
    } else if (typeof event.cart === 'string' && !cartIds.has(`${establishmentId}/${event.cart}`)) {
      reject('unknown_cart', 'cart');
      delete event.cart;
    }
  }
}
