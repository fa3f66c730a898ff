/** Debian's Chromium through playwright-core, axe-core injected into the page, screenshots under test-output/. */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource: string = (require('axe-core') as { source: string }).source;
export const SCREENSHOTS = 'test-output/screenshots';

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.AKKOORD_CHROMIUM ?? '/usr/bin/chromium' });
}

/** A context as a person here has it: the server's URL, nl-NL, Amsterdam's time zone, a laptop's viewport. */
export function dutchContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({
    baseURL,
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
    viewport: { width: 1280, height: 900 },
  });
}

/** Waits until the locator is visible (playwright-core has no `expect`), and returns it. */
export async function visible(locator: Locator, timeout = 15_000): Promise<Locator> {
  await locator.first().waitFor({ state: 'visible', timeout });
  return locator;
}

/** How a person signs in: the one-time link from the server's log, or an access token typed in at /aanmelden. */
export type Credentials = { link: string } | { token: string };

/** Signs the page's context in as a person does, and waits until the page offers Afmelden. */
export async function signIn(page: Page, credentials: Credentials, timeout = 15_000): Promise<void> {
  if ('link' in credentials) {
    await page.goto(credentials.link);
  } else {
    await page.goto('/aanmelden');
    await page.getByLabel('Toegangstoken').fill(credentials.token);
    await page.getByRole('button', { name: 'Aanmelden' }).click();
  }
  await visible(page.getByRole('button', { name: 'Afmelden' }), timeout);
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // evaluated over the DevTools protocol: the app's CSP (script-src 'self') rightly refuses an inline <script>
  await page.evaluate(axeSource);
  // a string, evaluated in the page (this file is compiled without the DOM's types)
  const violations = (await page.evaluate('axe.run(document).then((result) => result.violations)')) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}
