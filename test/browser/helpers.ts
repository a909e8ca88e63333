/**
 * What every browser journey needs: the built web app served by the real server on a fresh PGlite database (a copy
 * of the run's migrated template), one Chromium, a Vietnamese browser context, logging in, typing a date into a DatePicker.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';
import type { DatabaseHandle } from '../../src/platform/db';
import type { App } from '../../src/platform/http';
import { createApp } from '../../src/server';
import { createTestDatabase } from '../support/db';
import { testConfig } from '../support/factories';

const WEB_INDEX = fileURLToPath(new URL('../../dist/web/index.html', import.meta.url));
export const SHOTS = fileURLToPath(new URL('../../test-results/browser/', import.meta.url));

const CHROMIUM = '/usr/bin/chromium';

/**
 * One Chromium for every test file the worker runs (the browser suite runs its files one after the other in one
 * process, test/browser/vitest.config.ts), started on first use; Playwright ends it when the process exits. Each
 * journey opens its own context. (A browser shared across processes through `chromium.connect` cannot hand a
 * download over as a local file, which the export journeys read.)
 */
let chromiumStarted: Promise<Browser> | undefined;
function sharedChromium(): Promise<Browser> {
  chromiumStarted ??= chromium.launch({
    executablePath: CHROMIUM,
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
  return chromiumStarted;
}

export interface Account {
  username: string;
  password: string;
}

export interface BrowserSuite {
  /** The server's address, e.g. http://127.0.0.1:41234. */
  base: string;
  /** A Vietnamese browser context (Asia/Ho_Chi_Minh, less motion) whose waits last 15 s. */
  newContext(options?: Parameters<Browser['newContext']>[0]): Promise<BrowserContext>;
  /**
   * Signs in through the API (the page's context keeps the session cookie) and opens `start` (the home page by
   * default): the journeys that are not about signing in skip the login page.
   */
  logIn(page: Page, user: Account, start?: string): Promise<void>;
  /** Signs in through the form, from `start` (the login page, or a page that sends there first and back after). */
  logInWithForm(page: Page, user: Account, start?: string): Promise<void>;
}

/**
 * Registers the suite's beforeAll/afterAll: `seed` fills the database before the server starts. The returned object
 * is ready inside the tests.
 */
export function browserSuite(seed: (handle: DatabaseHandle) => Promise<void>): BrowserSuite {
  let handle: DatabaseHandle | undefined;
  let app: App | undefined;
  let browser: Browser | undefined;

  const suite: BrowserSuite = {
    base: '',
    async newContext(options = {}) {
      const context = await browser!.newContext({
        locale: 'vi-VN',
        timezoneId: 'Asia/Ho_Chi_Minh',
        // Panels open at once (the app honours the setting): no journey waits for a slide.
        reducedMotion: 'reduce',
        ...options,
      });
      context.setDefaultTimeout(15_000);
      return context;
    },
    async logIn(page, user, start = '/') {
      const answer = await page.request.post(`${suite.base}/api/auth/login`, {
        data: { username: user.username, password: user.password },
      });
      if (!answer.ok())
        throw new Error(`Signing in as ${user.username}: ${answer.status()} ${await answer.text()}`);
      await page.goto(`${suite.base}${start}`);
      await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    },
    async logInWithForm(page, user, start = '/login') {
      await page.goto(`${suite.base}${start}`);
      await page.waitForURL(/\/login/);
      await page.getByTestId('login-username').fill(user.username);
      await page.getByTestId('login-password').fill(user.password);
      await page.getByTestId('login-submit').click();
      await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    },
  };

  beforeAll(async () => {
    if (!existsSync(WEB_INDEX)) {
      throw new Error(
        `The built web app is missing (${WEB_INDEX}). Run \`npm run build\` before the browser tests.`,
      );
    }
    if (!existsSync(CHROMIUM))
      throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium fonts-liberation2`);
    mkdirSync(SHOTS, { recursive: true });

    // A copy of the run's migrated template (test/support/global-setup.ts).
    handle = await createTestDatabase();
    await seed(handle);
    app = await createApp(handle, testConfig(), { web: true });
    await app.listen({ port: 0, host: '127.0.0.1' });
    suite.base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

    browser = await sharedChromium();
  });

  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  return suite;
}

/** A laptop screen. */
export const DESKTOP = { viewport: { width: 1366, height: 900 } };
/** A phone, held upright. */
export const PHONE = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
};

/** Collects the page's uncaught errors into `into` (a journey expects none). */
export function pageErrors(page: Page, into: string[] = []): string[] {
  page.on('pageerror', (error) => into.push(error.message));
  return into;
}

export interface KeptResponse {
  request: Request;
  status: number;
  type: string;
  body: Buffer;
}

/**
 * Passes the responses to `url` through a route that keeps a copy of each: a page that reads a file as a blob leaves
 * nothing for response.body().
 */
export async function keepResponses(page: Page, url: string): Promise<KeptResponse[]> {
  const kept: KeptResponse[] = [];
  await page.route(url, async (route) => {
    const response = await route.fetch();
    kept.push({
      request: route.request(),
      status: response.status(),
      type: response.headers()['content-type'] ?? '',
      body: await response.body(),
    });
    await route.fulfill({ response });
  });
  return kept;
}

/** Types a date dd/mm/yyyy into an antd DatePicker found by its test id. */
export async function typeDate(page: Page, testId: string, date: string): Promise<void> {
  const input = page.getByTestId(testId);
  await input.click();
  await input.press('Control+A');
  await input.pressSequentially(date);
  await input.press('Enter');
}

/** How far the page scrolls sideways (0 or less: not at all). */
export const sideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
