import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { type Demo, startDemo } from '../src/server/start-demo.js';
import { launchChromium } from './browser.js';
import { type CustomerName, openCustomer } from './customer.js';

/** What one journey file shares: its own demo (fresh emulator, in-memory mirror) and one Chromium. */
export interface JourneyWorld {
  readonly demo: Demo;
  readonly browser: Browser;
  /**
   * A fresh browser context signed in as `name`, on the pricing page. `journey` (`01-subscribe`) names its
   * screenshots: `test-results/screenshots/<journey>-<n>.png`, numbered in the order taken.
   */
  signIn(name: CustomerName, journey: string): ReturnType<typeof openCustomer>;
}

/**
 * Starts a demo of its own and one Chromium for the journey file, and stops both after it. A file holds one or two
 * journeys, each with an organisation of its own (Acme or Globex, each on its own test clock), so every journey
 * begins with an organisation that has never bought anything. Call at the top of the file.
 */
export function setUpJourneyWorld(): JourneyWorld {
  let demo: Demo | undefined;
  let browser: Browser | undefined;
  const shots = new Map<string, number>();

  beforeAll(async () => {
    [demo, browser] = await Promise.all([startDemo({ port: 0, dataDir: null }), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  const world: JourneyWorld = {
    get demo() {
      if (!demo) throw new Error('The demo is not started: use the world inside a test, after beforeAll.');
      return demo;
    },
    get browser() {
      if (!browser) throw new Error('Chromium is not started: use the world inside a test, after beforeAll.');
      return browser;
    },
    signIn: (name, journey) =>
      openCustomer({
        demo: world.demo,
        browser: world.browser,
        name,
        // One numbering per journey, shared by its customers, so screenshots sort in the order taken.
        nextScreenshot: () => {
          const next = (shots.get(journey) ?? 0) + 1;
          shots.set(journey, next);
          return `${journey}-${next}`;
        },
      }),
  };
  return world;
}
