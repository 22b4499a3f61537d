import * as carts from './carts.ts';
import * as establishments from './establishments.ts';
import type { Db } from './db.ts';

/** Where an event says a device stands: an establishment by UAI, optionally one of its carts. */
export interface PlaceClaim {
  establishment_uai?: string | undefined;
  cart?: string | undefined;
}

/** The tenant's ids of the places a set of events names; undefined for a place the tenant lacks. */
export interface Places {
  establishmentId(uai: string): string | undefined;
  cartId(establishmentId: string, name: string): string | undefined;
}

/**
 * One lookup of every establishment and cart a set of events names, in two queries whatever their
 * number: the accept step (is the place known?) and the store step (which ids?) both read it here.
 */
export async function lookup(db: Db, tenantId: string, claims: PlaceClaim[]): Promise<Places> {
  const uais = [...new Set(claims.flatMap((c) => (c.establishment_uai ? [c.establishment_uai] : [])))];
  const uaiIds = await establishments.idsByUai(db, tenantId, uais);
  const cartIds = await carts.idsByName(
    db,
    tenantId,
    claims.flatMap((c) => {
      const establishmentId = c.establishment_uai ? uaiIds.get(c.establishment_uai) : undefined;
      return c.cart && establishmentId ? [{ establishmentId, name: c.cart }] : [];
    }),
  );
  return {
    establishmentId: (uai) => uaiIds.get(uai),
    cartId: (establishmentId, name) => cartIds.get(`${establishmentId}/${name}`),
  };
}
