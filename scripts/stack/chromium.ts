import { chromium, type Browser } from 'playwright-core';

// Debian's Chromium, installed by scripts/setup.sh when run as root (playwright's own browser
// download is neither wanted nor reachable from a collectivité network or this CI).
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless Chromium driven by playwright-core, for the browser tests, bench:web and the screenshots.
 * The flags keep it off the network beyond our own server (background requests would be refused by
 * a closed network, many at a time) and let it run as root; every launch gets a fresh, empty profile.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
