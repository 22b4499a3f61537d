import { DeviceKinds, type DeviceKind } from '@vigie/contracts';

// A small model catalogue: form factors in model names decide desktop vs laptop, before the OS does.
// SFF, tower, mini and all-in-one PCs are desktops whatever the vendor ("HP Compaq Elite 8300 SFF",
// "ThinkCentre M70q"); laptop lines are laptops even on Windows 11 ("Latitude 3190").
const DESKTOP_MODELS =
  /optiplex|prodesk|elitedesk|thinkcentre|veriton|vostro \d+ desktop|imac|mac ?mini|mac studio|mac pro|tower|all-in-one|aio|\bsff\b|small form factor|\busdt\b|\bmt\b|\bcmt\b|\bdm\b|\bmini\b|\bnuc\b|desktop|chromebox|chromebase/i;
const LAPTOP_MODELS =
  /latitude|thinkpad|elitebook|probook|zbook|travelmate|vivobook|ideapad|macbook|surface laptop|notebook|chromebook|\bflex\b/i;
const DISPLAY_MODELS = /\b(tbi|vpi|ecran interactif|interactive display|activpanel|smart board|speechi|clevertouch)\b/i;

/** The device kind from what most MDMs give: an OS family and a model name. */
export function kindOf(os: string | undefined, model: string | undefined): DeviceKind {
  const o = (os ?? '').toLowerCase();
  const m = model ?? '';
  if (DISPLAY_MODELS.test(m)) return 'interactive_display';
  // A Chromebox or Chromebase runs ChromeOS but is a desktop.
  if (o.includes('chrome') || /chromebox|chromebase/i.test(m)) return /chromebox|chromebase/i.test(m) ? 'desktop' : 'chromebook';
  if (o.includes('ipad') || o.includes('android') || /ipad|tab/i.test(m)) return 'tablet';
  if (o.includes('ios')) return /iphone/i.test(m) ? 'other' : 'tablet';
  if (LAPTOP_MODELS.test(m)) return 'laptop';
  if (DESKTOP_MODELS.test(m)) return 'desktop';
  if (o.includes('windows') || o.includes('mac') || o.includes('darwin') || o.includes('linux') || o.includes('ubuntu')) return 'laptop';
  return 'other';
}

/**
 * A source's own catalogue, from its `kinds` option: "pattern=kind" pairs separated by ";", a
 * pattern matched in the model name (case-insensitive, "*" for any text), e.g. "Elite 8300=desktop".
 */
export function kindOverrides(option: string | undefined): (model: string | undefined) => DeviceKind | undefined {
  const rules = (option ?? '').split(';').flatMap((pair) => {
    const [pattern, kind] = pair.split('=').map((x) => x.trim());
    if (!pattern || !kind || !(DeviceKinds as readonly string[]).includes(kind)) return [];
    const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
    return [{ test: new RegExp(escaped, 'i'), kind: kind as DeviceKind }];
  });
  return (model) => (model ? rules.find((r) => r.test.test(model))?.kind : undefined);
}
