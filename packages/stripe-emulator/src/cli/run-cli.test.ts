import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) }, out, err };
}

describe('given the billing-kit-stripe-emulator command', () => {
  it('when started with --port 0, then it prints its URL and answers the Stripe API there', async () => {
    const { io, out } = captureIo();

    const result = await runCli(['--port', '0', '--host', '127.0.0.1'], io);

    expect(result.kind).toBe('running');
    if (result.kind !== 'running') return;
    try {
      expect(out[0]).toBe(`Stripe emulator listening on http://127.0.0.1:${result.emulator.port}`);
      const response = await fetch(`${result.emulator.url}/v1/products`, {
        headers: { Authorization: 'Bearer sk_test_cli' },
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ object: 'list', data: [] });
    } finally {
      await result.emulator.close();
    }
  });

  it('when given an unknown flag, then it explains and exits with code 2', async () => {
    const { io, err } = captureIo();

    const result = await runCli(['--prot', '12111'], io);

    expect(result).toEqual({ kind: 'exit', code: 2 });
    expect(err.join('\n')).toMatch(/--prot/);
    expect(err.join('\n')).toMatch(/Usage: billing-kit-stripe-emulator/);
  });

  it('when --port is not a number, then it says so and exits with code 2', async () => {
    const { io, err } = captureIo();

    const result = await runCli(['--port', 'abc'], io);

    expect(result).toEqual({ kind: 'exit', code: 2 });
    expect(err.join('\n')).toMatch(/--port must be an integer/);
  });
});

describe('given the platform flags', () => {
  it('when started with --seed and --webhook, then it uses the seed and prints how to create the endpoint, never a secret', async () => {
    const { io, out } = captureIo();

    const result = await runCli(
      ['--port', '0', '--seed', '42', '--webhook', 'http://localhost:3000/api/billing/webhooks'],
      io,
    );

    expect(result.kind).toBe('running');
    if (result.kind !== 'running') return;
    try {
      expect(result.emulator.control.faults().seed).toBe(42);
      const printed = out.join('\n');
      expect(printed).toContain('Fault-injection seed: 42');
      expect(printed).toContain(`${result.emulator.url}/v1/webhook_endpoints`);
      expect(printed).toContain('url=http://localhost:3000/api/billing/webhooks');
      expect(printed).not.toMatch(/whsec_[A-Za-z0-9]/);
    } finally {
      await result.emulator.close();
    }
  });

  it.each([
    [['--seed=-1'], /--seed must be an integer/],
    [['--seed', '1.5'], /--seed must be an integer/],
    [['--webhook', 'ftp://example.com'], /--webhook must be an http/],
    [['--webhook'], /--webhook/],
  ])('when given %j, then it explains and exits with code 2', async (argv, message) => {
    const { io, err } = captureIo();

    const result = await runCli(argv, io);

    expect(result).toEqual({ kind: 'exit', code: 2 });
    expect(err.join('\n')).toMatch(message);
  });

  it('when asked for --help, then it prints the usage with every flag and exits 0', async () => {
    const { io, out } = captureIo();

    const result = await runCli(['--help'], io);

    expect(result).toEqual({ kind: 'exit', code: 0 });
    for (const flag of ['--port', '--host', '--seed', '--webhook', '--help'])
      expect(out.join('\n')).toContain(flag);
  });
});
