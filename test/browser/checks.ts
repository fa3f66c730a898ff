/** What both browser specs assert on the way: a JSON read answered 200, and a page drawn without serious axe findings. */
import type { BrowserContext, Page } from 'playwright-core';
import { screenshot, seriousViolations } from '../support/chromium.js';

/** The header the dashboard sends: the API asks it of cookie-authenticated unsafe methods. */
export const HEADERS = { 'X-Requested-With': 'akkoord-web' };

export async function getJson<T>(context: BrowserContext, path: string): Promise<T> {
  const response = await context.request.get(path, { headers: HEADERS });
  expect(response.status()).toBe(200);
  return (await response.json()) as T;
}

/** A screenshot under test-output/screenshots/, then no serious or critical axe-core violation. */
export async function expectAccessible(p: Page, name: string): Promise<void> {
  await screenshot(p, name);
  expect(await seriousViolations(p)).toEqual([]);
}
