import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIncompleteSubscription, startEmulatorFixture } from '../../test/emulator-fixture.js';

/**
 * The fake Stripe.js in a real browser: a tiny React page (built with Vite from this package's sources) with
 * <Elements> and <PaymentElement>, driven in Chromium with playwright-core.
 */

const packageDir = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

const PAGE_HTML = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Fake Stripe.js checkout</title></head>
  <body><main id="root"></main><script type="module" src="./main.tsx"></script></body>
</html>
`;

const PAGE_SCRIPT = `import { Elements, PaymentElement, useElements, useStripe } from '@stripe/react-stripe-js';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { createFakeStripe } from '../../src/browser/index.js';

const query = new URLSearchParams(window.location.search);
const clientSecret = query.get('clientSecret') ?? '';
const stripe = createFakeStripe({ apiBase: query.get('apiBase') ?? '', publishableKey: 'pk_test_chromium' });

function PayForm() {
  const stripeJs = useStripe();
  const elements = useElements();
  const [message, setMessage] = useState('');
  return (
    <form
      onSubmit={async (event) => {
        event.preventDefault();
        if (!stripeJs || !elements) return;
        const submitted = await elements.submit();
        if (submitted.error) return setMessage('invalid: ' + submitted.error.message);
        const result = await stripeJs.confirmPayment({ elements, redirect: 'if_required' });
        setMessage(result.error ? 'error: ' + result.error.code : 'status: ' + result.paymentIntent.status);
      }}
    >
      <PaymentElement />
      <button type="submit">Pay</button>
      <output>{message}</output>
    </form>
  );
}

createRoot(document.getElementById('root')).render(
  <Elements stripe={stripe} options={{ clientSecret, appearance: { variables: { colorPrimary: '#635bff' } } }}>
    <PayForm />
  </Elements>,
);
`;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

const { emulator, stripe } = await startEmulatorFixture({
  apiKey: 'sk_test_chromium',
  sdk: { maxNetworkRetries: 0 },
  resetBeforeEach: false,
});
let workDir: string;
let pageServer: Server;
let pageUrl: string;
let browser: Browser;

beforeAll(async () => {
  // Inside the package (test-results is ignored by git) so that bare imports resolve from its node_modules.
  await mkdir(join(packageDir, 'test-results'), { recursive: true });
  workDir = await mkdtemp(join(packageDir, 'test-results', 'chromium-page-'));
  await writeFile(join(workDir, 'index.html'), PAGE_HTML);
  await writeFile(join(workDir, 'main.tsx'), PAGE_SCRIPT);
  const outDir = join(workDir, 'dist');
  await build({
    root: workDir,
    configFile: false,
    logLevel: 'error',
    plugins: [react()],
    build: { outDir, emptyOutDir: true, minify: false },
  });

  pageServer = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const file = normalize(join(outDir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(outDir)) {
      response.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (content) => {
        response.writeHead(200, {
          'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        });
        response.end(content);
      },
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((done) => pageServer.listen(0, '127.0.0.1', done));
  pageUrl = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}/`;

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
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
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => pageServer?.close(done));
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

async function openCheckout(): Promise<{ page: Page; subscriptionId: string }> {
  const { subscription, clientSecret } = await createIncompleteSubscription(stripe);
  const page = await browser.newPage();
  const query = new URLSearchParams({ clientSecret, apiBase: emulator.url });
  await page.goto(`${pageUrl}?${query.toString()}`);
  return { page, subscriptionId: subscription.id };
}

async function typeCard(page: Page, number: string) {
  await page.getByLabel('Card number').pressSequentially(number);
  await page.getByLabel('Expiration date').pressSequentially('1234');
  await page.getByLabel('Security code').pressSequentially('123');
  await page.getByLabel('Postal code').pressSequentially('94107');
}

describe('given the fake Stripe.js in Chromium', () => {
  it('when the customer types 4242 4242 4242 4242 and pays, then the subscription is active', async () => {
    const { page, subscriptionId } = await openCheckout();

    await typeCard(page, '4242424242424242');
    await page.getByRole('button', { name: 'Pay' }).click();

    await page.getByText('status: succeeded').waitFor();
    expect(await page.getByLabel('Card number').inputValue()).toBe('4242 4242 4242 4242');
    expect((await stripe.subscriptions.retrieve(subscriptionId)).status).toBe('active');
    await page.close();
  });

  it('when the customer pays with 4000 0025 0000 3155 and completes the challenge, then the payment succeeds', async () => {
    const { page, subscriptionId } = await openCheckout();
    await typeCard(page, '4000002500003155');
    await page.getByRole('button', { name: 'Pay' }).click();

    const dialog = page.getByRole('dialog', { name: 'Authenticate your payment' });
    await dialog.waitFor();
    expect(await dialog.getAttribute('aria-modal')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Complete');
    await dialog.getByRole('button', { name: 'Complete' }).click();

    await page.getByText('status: succeeded').waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Pay');
    expect((await stripe.subscriptions.retrieve(subscriptionId)).status).toBe('active');
    await page.close();
  });

  it('when the customer fails the challenge, then the page shows the authentication error', async () => {
    const { page, subscriptionId } = await openCheckout();
    await typeCard(page, '4000002500003155');
    await page.getByRole('button', { name: 'Pay' }).click();

    await page
      .getByRole('dialog', { name: 'Authenticate your payment' })
      .getByRole('button', { name: 'Fail' })
      .click();

    await page.getByText('error: payment_intent_authentication_failure').waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect((await stripe.subscriptions.retrieve(subscriptionId)).status).toBe('incomplete');
    await page.close();
  });
});
