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
      expect(out).toEqual([`Stripe emulator listening on http://127.0.0.1:${result.emulator.port}`]);
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
