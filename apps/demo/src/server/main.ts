#!/usr/bin/env node
import { fileURLToPath } from 'node:url';
// `pnpm demo`: starts the emulator, the billing server and the app, and prints one URL. Ctrl-C stops everything.
import { parseArgs } from 'node:util';
import { startDemo } from './start-demo.js';

const usage = 'Usage: pnpm demo [-- --port <number>]';
let port = Number(process.env.PORT ?? 3000);
try {
  // `pnpm demo -- --port 3001` hands the script a literal '--' first.
  const args = process.argv.slice(2).filter((arg, index) => !(index === 0 && arg === '--'));
  const { values } = parseArgs({
    args,
    options: { port: { type: 'string' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  if (values.port !== undefined) port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0-65535, got ${values.port}`);
} catch (error) {
  console.error(`${error instanceof Error ? error.message : error}\n${usage}`);
  process.exit(2);
}

const { STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY, STRIPE_WEBHOOK_SECRET } = process.env;
const stripeKeys =
  STRIPE_SECRET_KEY && STRIPE_PUBLISHABLE_KEY && STRIPE_WEBHOOK_SECRET
    ? {
        secretKey: STRIPE_SECRET_KEY,
        publishableKey: STRIPE_PUBLISHABLE_KEY,
        webhookSecret: STRIPE_WEBHOOK_SECRET,
      }
    : undefined;

const started = performance.now();
// Wiped at every start (see the README): the emulator forgets everything when it stops, so must the mirror.
const dataDir = fileURLToPath(new URL('../../.demo-data/', import.meta.url));
try {
  const demo = await startDemo({ port, dataDir, ...(stripeKeys ? { stripeKeys } : {}) });
  console.log(
    `billing-kit demo (${stripeKeys ? 'Stripe test mode' : 'offline, Stripe emulator'}) ready in ${Math.round(performance.now() - started)} ms. ` +
      'Every run starts clean; Ctrl-C stops it.',
  );
  console.log(demo.url);
  let stopping = false;
  const stop = () => {
    // A second Ctrl-C while closing does not wait any longer.
    if (stopping) process.exit(130);
    stopping = true;
    demo.close().finally(() => {
      console.log('Demo stopped.');
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  console.error(
    code === 'EADDRINUSE'
      ? `Port ${port} is in use. Start the demo on another one: pnpm demo -- --port 3001`
      : `The demo failed to start: ${error instanceof Error ? error.message : error}`,
  );
  process.exit(1);
}
