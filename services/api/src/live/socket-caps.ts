import type { Config } from '@vigie/config';

/** A socket's place under the caps; `release` gives it back (once, whatever state it reached). */
export interface SocketSlot {
  /** Moves the socket from unauthenticated to its token's count; false when the token is at its cap. */
  authenticate(tokenId: string): boolean;
  release(): void;
}

type Caps = Pick<Config['live'], 'maxSocketsPerToken' | 'maxSocketsPerAddress' | 'maxUnauthenticated'>;

/**
 * Counts this process's open /v1/stream sockets by client address, by token, and those not yet
 * authenticated, so one caller (or one leaked token) cannot hold every socket the process can serve.
 */
export function createSocketCaps(caps: Readonly<Caps>) {
  const byAddress = new Map<string, number>();
  const byToken = new Map<string, number>();
  let unauthenticated = 0;

  const add = (counts: Map<string, number>, key: string, delta: number) => {
    const next = (counts.get(key) ?? 0) + delta;
    if (next > 0) counts.set(key, next);
    else counts.delete(key);
  };

  return {
    /** A slot for a new socket from `address`, or null when the address or the unauthenticated sockets are at their cap. */
    admit(address: string): SocketSlot | null {
      if ((byAddress.get(address) ?? 0) >= caps.maxSocketsPerAddress || unauthenticated >= caps.maxUnauthenticated) return null;
      add(byAddress, address, 1);
      unauthenticated += 1;
      let token: string | null = null;
      let released = false;
      return {
        authenticate(tokenId) {
          if (released || token) return !released;
          if ((byToken.get(tokenId) ?? 0) >= caps.maxSocketsPerToken) return false;
          unauthenticated -= 1;
          token = tokenId;
          add(byToken, tokenId, 1);
          return true;
        },
        release() {
          if (released) return;
          released = true;
          add(byAddress, address, -1);
          if (token) add(byToken, token, -1);
          else unauthenticated -= 1;
        },
      };
    },
    stats() {
      return { unauthenticated, tokens: byToken.size, addresses: byAddress.size };
    },
  };
}

export type SocketCaps = ReturnType<typeof createSocketCaps>;
