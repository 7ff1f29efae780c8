import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

// Debian's chromium, installed by tools/browser/ensure-chromium.mjs (npm test runs it first).
export const CHROMIUM = process.env['CHROMIUM_PATH'] || '/usr/bin/chromium';
export const ARTIFACTS = path.resolve(
  __dirname,
  '..',
  '..',
  '..',
  'test-artifacts',
  'dashboard',
);

export function hasChromium(): boolean {
  return fs.existsSync(CHROMIUM);
}

/** `describe` when Chromium is installed; otherwise the suite is skipped, and says so loudly. */
export function describeInChromium(name: string, fn: () => void): void {
  if (hasChromium()) return describe(name, fn);
  console.warn(`*** ${name}: SKIPPED, no chromium (run node tools/browser/ensure-chromium.mjs) ***`);
  describe.skip(name, fn);
}

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** A fresh headless Chromium with an empty profile directory, removed on close. */
export async function openBrowser(baseUrl: string): Promise<BrowserSession> {
  const userDataDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'fastgen-chromium-'),
  );
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    baseURL: baseUrl,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: baseUrl,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return {
    context,
    page,
    async screenshot(name) {
      const file = path.join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** True when the page is wider than the viewport (a horizontal scrollbar: broken layout). */
export async function overflowsHorizontally(page: Page): Promise<boolean> {
  return page.evaluate(
    () => document.documentElement.scrollWidth > window.innerWidth + 1,
  );
}
