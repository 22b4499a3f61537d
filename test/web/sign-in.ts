import type { BrowserContext, Page } from 'playwright-core';
import { createLoginLink } from '../../services/api/src/sign-in/login-link.ts';
import type { WebFleet } from './web-fleet.ts';

export interface LinkOptions {
  role: 'admin' | 'operator' | 'establishment' | 'partner';
  uais?: string[];
  /** The dashboard address to land on after sign-in. */
  next?: string;
}

/** A one-time sign-in link as `npm run vigie -- login-link` makes it (the API's public address is the test's). */
export async function signInLink(fleet: WebFleet, options: LinkOptions): Promise<string> {
  const link = await createLoginLink(fleet.env.db, fleet.env.config, {
    tenantCode: fleet.tenant.code,
    role: options.role,
    uais: options.uais,
    next: options.next,
  });
  return link.url;
}

/** Opens a sign-in link in the page, as a person clicking it in an e-mail would; waits for the dashboard. */
export async function signIn(page: Page, fleet: WebFleet, options: LinkOptions) {
  await page.goto(await signInLink(fleet, options));
  await page.locator('main h1').first().waitFor();
}

/** The session cookie the browser holds (httpOnly: the page's scripts never see it). */
export async function sessionCookie(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === 'vigie_session');
  if (!cookie) throw new Error('no vigie_session cookie');
  return cookie.value;
}
