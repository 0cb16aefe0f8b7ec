import { parseArgs } from 'node:util';
import { DEFAULT_EMULATOR_PORT, type StripeEmulator, startStripeEmulator } from '../emulator.js';

const USAGE = `Usage: billing-kit-stripe-emulator [--port 12111] [--host 127.0.0.1]

Starts an offline Stripe API for the official stripe SDK:
  new Stripe('sk_test_anything', { host: '127.0.0.1', port: 12111, protocol: 'http' })

Options:
  --port <number>  port to listen on (default ${DEFAULT_EMULATOR_PORT}; 0 picks a free one)
  --host <host>    interface to bind (default 127.0.0.1)
  --help           show this help`;

/** Where the CLI writes; the real process streams, or buffers in tests. */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** The outcome of `runCli`: a running emulator, or an exit code to leave with. */
export type CliResult = { kind: 'running'; emulator: StripeEmulator } | { kind: 'exit'; code: number };

/**
 * Parses `argv` (without node and the script path) and starts the emulator. Bad flags print a message naming the
 * problem and the usage, and ask for exit code 2.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<CliResult> {
  let values: { port?: string; host?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { port: { type: 'string' }, host: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.err(`billing-kit-stripe-emulator: ${(error as Error).message}\n\n${USAGE}`);
    return { kind: 'exit', code: 2 };
  }
  if (values.help) {
    io.out(USAGE);
    return { kind: 'exit', code: 0 };
  }
  const port = values.port === undefined ? DEFAULT_EMULATOR_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535 || values.port?.trim() === '') {
    io.err(
      `billing-kit-stripe-emulator: --port must be an integer from 0 to 65535, got "${values.port}".\n\n${USAGE}`,
    );
    return { kind: 'exit', code: 2 };
  }
  if (values.host !== undefined && values.host.trim() === '') {
    io.err(`billing-kit-stripe-emulator: --host needs a value, e.g. --host 127.0.0.1.\n\n${USAGE}`);
    return { kind: 'exit', code: 2 };
  }
  try {
    const emulator = await startStripeEmulator({ port, ...(values.host ? { host: values.host } : {}) });
    io.out(`Stripe emulator listening on ${emulator.url}`);
    return { kind: 'running', emulator };
  } catch (error) {
    io.err(`billing-kit-stripe-emulator: ${(error as Error).message}`);
    return { kind: 'exit', code: 1 };
  }
}
