import type { DeviceKind } from '@vigie/contracts';

const DESKTOP_MODELS = /optiplex|prodesk|elitedesk|thinkcentre|veriton|vostro \d+ desktop|imac|mac ?mini|mac studio|tower|all-in-one|aio/i;
const DISPLAY_MODELS = /\b(tbi|vpi|ecran interactif|interactive display|activpanel|smart board|speechi|clevertouch)\b/i;

/** The device kind from what most MDMs give: an OS family and a model name. */
export function kindOf(os: string | undefined, model: string | undefined): DeviceKind {
  const o = (os ?? '').toLowerCase();
  const m = model ?? '';
  if (DISPLAY_MODELS.test(m)) return 'interactive_display';
  if (o.includes('chrome')) return 'chromebook';
  if (o.includes('ipad') || o.includes('android') || /ipad|tab/i.test(m)) return 'tablet';
  if (o.includes('ios')) return /iphone/i.test(m) ? 'other' : 'tablet';
  if (o.includes('windows') || o.includes('mac') || o.includes('darwin') || o.includes('linux') || o.includes('ubuntu')) {
    return DESKTOP_MODELS.test(m) ? 'desktop' : 'laptop';
  }
  return 'other';
}
