// One page of the web build in headless Chromium, as every browser test and benchmark opens it: build (or
// reuse a fresh build), serve it on a free port, launch Debian's Chromium, collect page and console errors.

import type { Server } from 'node:http';
import type { BrowserContext, Page } from 'playwright-core';
import { serve } from '../../scripts/serve-web.mjs';
import { findChromium, launchChromium, type LaunchedBrowser } from './chromium.ts';
import { ensureWebBuild, WEB_DIR } from './web-build.ts';

export const CHROMIUM_MISSING = 'skipped: Chromium not found (set CHROMIUM_PATH, or apt-get install chromium)';

export interface WebPage {
  page: Page;
  /** Page errors and console errors seen so far (a test asserts there are none). */
  problems: string[];
  /** Where the web build is served (the page's first URL). */
  url: string;
  /** The browser's one context: a new page in it shares the origin's storage (IndexedDB) with `page`. */
  context: BrowserContext;
  /** Collect another page's errors (e.g. one opened later with context.newPage()) into `problems` too. */
  watch(page: Page): void;
  close(): Promise<void>;
}

/**
 * The web build open in Chromium, or null when no Chromium is installed (the caller skips with
 * CHROMIUM_MISSING). `beforeGoto` runs before the page loads, e.g. to register an init script.
 */
export async function openWebBuild(options: { timeout?: number; beforeGoto?: (page: Page) => Promise<unknown> } = {}): Promise<WebPage | null> {
  const executablePath = findChromium();
  if (!executablePath) return null;
  ensureWebBuild();
  let server: Server | undefined;
  let browser: LaunchedBrowser | undefined;
  const close = async () => {
    await browser?.close();
    server?.close();
  };
  try {
    const served = await serve({ root: WEB_DIR, port: 0 });
    server = served.server;
    browser = await launchChromium(executablePath);
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    const problems: string[] = [];
    const watch = (watched: Page) => {
      watched.setDefaultTimeout(options.timeout ?? 15_000);
      watched.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      watched.on('console', (message) => { if (message.type() === 'error') problems.push(`console error: ${message.text()}`); });
    };
    watch(page);
    await options.beforeGoto?.(page);
    await page.goto(served.url);
    return { page, problems, url: served.url, context: browser.context, watch, close };
  } catch (error) {
    await close();
    throw error;
  }
}
