import type { Redis } from 'ioredis';
import { TokenEnd } from '@vigie/contracts';

/** The pub/sub channel every API process listens on for tokens that end (revoked or cut short). */
export const tokenEndsChannel = (prefix: string) => `${prefix}:token-ends`;

/** Tells every API process that `tokenId` stops working at `at` (now, for a revocation). */
export async function publish(redis: Redis, prefix: string, tokenId: string, at = new Date()): Promise<void> {
  const message: TokenEnd = { token_id: tokenId, at: at.toISOString() };
  await redis.publish(tokenEndsChannel(prefix), JSON.stringify(message));
}

/**
 * Calls `onEnd` for each token end published, on `subscriber` (a connection of its own: one in
 * subscriber mode can run nothing else). Resolves once Redis has confirmed the subscription.
 */
export async function listen(subscriber: Redis, prefix: string, onEnd: (end: { tokenId: string; at: Date }) => void): Promise<void> {
  const channel = tokenEndsChannel(prefix);
  subscriber.on('message', (from: string, message: string) => {
    if (from !== channel) return;
    let parsed;
    try {
      parsed = TokenEnd.safeParse(JSON.parse(message));
    } catch {
      return;
    }
    if (parsed.success) onEnd({ tokenId: parsed.data.token_id, at: new Date(parsed.data.at) });
  });
  await subscriber.subscribe(channel);
}
