import type { Redis } from 'ioredis';
import type { Logger } from '@vigie/config';
import { tokenEnds } from '@vigie/queue';
import { apiTokens, type Db } from '@vigie/store';
import type { TokenResolver } from './auth.ts';
import type { LiveHub } from './live/live-hub.ts';

/**
 * Ends tokens in this process as soon as any process publishes their end: drops them from the
 * token cache and closes their streams (4010). Ends published while this process's subscriber was
 * disconnected are lost, so on each reconnection the tokens holding streams are checked again.
 */
export function listenForTokenEnds(subscriber: Redis, db: Db, prefix: string, resolveToken: TokenResolver, hub: LiveHub, log: Logger) {
  const end = (tokenId: string, at: Date) => {
    resolveToken.forget(tokenId);
    hub.endToken(tokenId, at);
  };
  let connectedOnce = false;
  subscriber.on('ready', () => {
    if (!connectedOnce) {
      connectedOnce = true;
      return;
    }
    apiTokens
      .endedAmong(db, hub.tokenIds())
      .then((ended) => ended.forEach((id) => end(id, new Date())))
      .catch((err: unknown) => log.warn({ err }, 'tokens holding streams not checked after a Redis reconnection'));
  });
  // Not awaited: with Redis down at start-up the API still serves; ends then wait for the cache's 30 s.
  tokenEnds
    .listen(subscriber, prefix, ({ tokenId, at }) => end(tokenId, at))
    .catch((err: unknown) => log.warn({ err }, 'token ends not subscribed'));
}
