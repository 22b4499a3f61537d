import { sourcedBatches } from '../delivery/sourced-batches.ts';
import { deliveredBetween } from '../events/fleet-days.ts';
import type { FleetPlan } from '../population/fleet-plan.ts';
import { pushBatches } from './push-events.ts';
import type { Api } from './vigie-client.ts';

export interface LiveTick {
  at: number;
  heartbeats: number;
  sessions: number;
  reports: number;
}

export interface LiveOptions {
  /** Events delivered before this instant were already sent. */
  sentUntil: number;
  everyMs: number;
  /** Simulated milliseconds per real millisecond (1 = real time; 60 = an hour a minute). */
  speed?: number;
  /** Stop once the simulated clock passes this instant (a replay); default: run until stop(). */
  until?: number;
  onTick: (tick: LiveTick) => void;
  onError: (error: unknown) => void;
}

/**
 * Every `everyMs`, pushes what reached Vigie since the previous push on the simulated clock: fresh
 * heartbeats, sessions that just ended, and late uploads of devices back online. stop() waits for
 * the push in flight.
 */
export function keepFleetLive(
  plan: FleetPlan,
  apiFor: (tenantCode: string) => Api,
  options: LiveOptions,
): { stop(): Promise<void>; done: Promise<void> } {
  const speed = options.speed ?? 1;
  const startedAt = Date.now();
  let cursor = options.sentUntil;
  let stopped = false;
  let wake: () => void = () => undefined;

  const loop = (async () => {
    while (!stopped) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.everyMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      if (stopped) break;
      const to = Math.min(options.sentUntil + (Date.now() - startedAt) * speed, options.until ?? Infinity);
      const tick: LiveTick = { at: to, heartbeats: 0, sessions: 0, reports: 0 };
      const events = [...deliveredBetween(plan, cursor, to)];
      for (const { event } of events) {
        if (event.type === 'heartbeat') tick.heartbeats++;
        else if (event.type === 'app_usage') tick.sessions++;
        else tick.reports++;
      }
      try {
        await pushBatches(apiFor, sourcedBatches(events, { size: 100, seed: plan.seed }), { concurrency: 2 });
        cursor = to;
        options.onTick(tick);
        if (options.until !== undefined && cursor >= options.until) stopped = true;
      } catch (error) {
        // The window is kept: the next tick sends it again (duplicates are absorbed by the store).
        options.onError(error);
      }
    }
  })();

  return {
    done: loop,
    async stop() {
      stopped = true;
      wake();
      await loop;
    },
  };
}
