import type { IngestEvent } from '@vigie/contracts';
import type { Source } from '../population/device-sources.ts';

/** An event as a source sends it, and when it reaches Vigie (epoch ms). */
export interface Delivered {
  source: Source;
  tenantCode: string;
  deliverAt: number;
  event: IngestEvent;
}
