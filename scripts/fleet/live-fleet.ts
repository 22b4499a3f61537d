import { activityEvents } from './activity.ts';
import { inBatches } from './batches.ts';
import type { FleetPlan } from './fleet-plan.ts';
import { pushBatches } from './push-events.ts';
import type { Api } from './vigie-client.ts';

export interface LiveTick {
  at: number;
  heartbeats: number;
  sessions: number;
  reports: number;
}

export interface LiveOptions {
  source: string;
  /** Events up to this instant were already sent. */
  sentUntil: number;
  everyMs: number;
  onTick: (tick: LiveTick) => void;
  onError: (error: unknown) => void;
}

/**
 * Every `everyMs`, pushes what the fleet observed since the previous push: heartbeats of the devices
 * in class now, sessions that just ended. stop() waits for the push in flight.
 */
export function keepFleetLive(plan: FleetPlan, api: Api, options: LiveOptions): { stop(): Promise<void> } {
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
      const to = Date.now();
      const tick: LiveTick = { at: to, heartbeats: 0, sessions: 0, reports: 0 };
      const events = [...activityEvents(plan, { from: cursor, to })];
      for (const e of events) {
        if (e.type === 'heartbeat') tick.heartbeats++;
        else if (e.type === 'app_usage') tick.sessions++;
        else tick.reports++;
      }
      try {
        await pushBatches(api, inBatches(events, 100), { source: options.source, concurrency: 2 });
        cursor = to;
        options.onTick(tick);
      } catch (error) {
        // The window is kept: the next tick sends it again (duplicates are absorbed by the store).
        options.onError(error);
      }
    }
  })();

  return {
    async stop() {
      stopped = true;
      wake();
      await loop;
    },
  };
}
