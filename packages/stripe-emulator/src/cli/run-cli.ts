import { parseArgs } from 'node:util';
import { DEFAULT_EMULATOR_PORT, type StripeEmulator, startStripeEmulator } from '../emulator.js';

const USAGE = `Usage: billing-kit-stripe-emulator [--port 12111] [--host 127.0.0.1] [--seed N] [--webhook <url>]

Starts an offline Stripe API for the official stripe SDK:
  new Stripe('sk_test_anything', { host: '127.0.0.1', port: 12111, protocol: 'http' })

Options:
  --port <number>  port to listen on (default ${DEFAULT_EMULATOR_PORT}; 0 picks a free one)
  --host <host>    interface to bind (default 127.0.0.1)
  --seed <number>  seed of the fault-injection random source (0-4294967295), for reproducible fault runs
  --webhook <url>  print how to register a webhook endpoint for <url> (secrets are never printed)
  --help           show this help

Control routes (reset, clock, faults, delivery log) live under /_emulator: see the package README.`;

/** Where the CLI writes; the real process streams, or buffers in tests. */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** The outcome of `runCli`: a running emulator, or an exit code to leave with. */
export type CliResult = { kind: 'running'; emulator: StripeEmulator } | { kind: 'exit'; code: number };

interface CliValues {
  port?: string;
  host?: string;
  seed?: string;
  webhook?: string;
  help?: boolean;
}

function usageError(io: CliIo, message: string): CliResult {
  io.err(`billing-kit-stripe-emulator: ${message}\n\n${USAGE}`);
  return { kind: 'exit', code: 2 };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** How to create a webhook endpoint for `webhookUrl` on this emulator (the secret comes back to the caller only). */
function webhookInstructions(emulatorUrl: string, webhookUrl: string): string {
  return [
    `To send events to ${webhookUrl}, create a webhook endpoint; its whsec_ secret is returned to you only:`,
    `  curl ${emulatorUrl}/v1/webhook_endpoints -u sk_test_123: -d url=${webhookUrl} -d "enabled_events[]=*"`,
    `  or stripe.webhookEndpoints.create({ url: '${webhookUrl}', enabled_events: ['*'] }) with the SDK.`,
  ].join('\n');
}

/**
 * Parses `argv` (without node and the script path) and starts the emulator. Bad flags print a message naming the
 * problem and the usage, and ask for exit code 2.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<CliResult> {
  let values: CliValues;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        webhook: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return usageError(io, (error as Error).message);
  }
  if (values.help) {
    io.out(USAGE);
    return { kind: 'exit', code: 0 };
  }
  const port = values.port === undefined ? DEFAULT_EMULATOR_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535 || values.port?.trim() === '') {
    return usageError(io, `--port must be an integer from 0 to 65535, got "${values.port}".`);
  }
  if (values.host !== undefined && values.host.trim() === '') {
    return usageError(io, '--host needs a value, e.g. --host 127.0.0.1.');
  }
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (
    seed !== undefined &&
    (!/^\d+$/.test(values.seed as string) || !Number.isSafeInteger(seed) || seed > 4_294_967_295)
  ) {
    return usageError(io, `--seed must be an integer from 0 to 4294967295, got "${values.seed}".`);
  }
  if (values.webhook !== undefined && !isHttpUrl(values.webhook)) {
    return usageError(
      io,
      `--webhook must be an http:// or https:// URL, e.g. http://localhost:3000/api/billing/webhooks, got "${values.webhook}".`,
    );
  }
  try {
    const emulator = await startStripeEmulator({
      port,
      ...(values.host ? { host: values.host } : {}),
      ...(seed === undefined ? {} : { seed }),
    });
    io.out(`Stripe emulator listening on ${emulator.url}`);
    io.out(`Fault-injection seed: ${emulator.control.faults().seed} (pass --seed to repeat a run)`);
    if (values.webhook !== undefined) io.out(webhookInstructions(emulator.url, values.webhook));
    return { kind: 'running', emulator };
  } catch (error) {
    io.err(`billing-kit-stripe-emulator: ${(error as Error).message}`);
    return { kind: 'exit', code: 1 };
  }
}
