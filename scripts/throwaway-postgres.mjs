// A throwaway PostgreSQL server for tests and benchmarks: Debian's PostgreSQL binaries, a fresh cluster in a temp
// directory, a free port on 127.0.0.1, trust auth, and everything removed by stop(). Used by scripts/test.mjs (which
// exports its URL as PG_TEST_URL) and by bench/server-webhooks.bench.mjs.
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DEBIAN_ROOT = '/usr/lib/postgresql';

/** The `bin` directory of the newest Debian PostgreSQL installed, or null. */
export function findPostgresBin() {
  if (!existsSync(DEBIAN_ROOT)) return null;
  const versions = readdirSync(DEBIAN_ROOT)
    .filter((name) => existsSync(join(DEBIAN_ROOT, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(DEBIAN_ROOT, versions[0], 'bin') : null;
}

/**
 * Finds Debian's PostgreSQL, installing the `postgresql` package when missing and running as root with apt-get.
 * Throws an error that says how to provide PostgreSQL otherwise.
 */
export function ensurePostgresBin({ log = console.log } = {}) {
  const found = findPostgresBin();
  if (found) return found;
  const canApt = process.getuid?.() === 0 && spawnSync('which', ['apt-get']).status === 0;
  if (!canApt) {
    throw new Error(
      'PostgreSQL was not found in /usr/lib/postgresql/*/bin. The PostgreSQL store tests need a server.\n' +
        '  On Debian/Ubuntu: sudo apt-get install -y postgresql\n' +
        '  Or point the tests at a server you run: PG_TEST_URL=postgres://user:pass@host:5432/db pnpm test',
    );
  }
  log("PostgreSQL is missing: installing Debian's postgresql package...");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install = spawnSync('apt-get', ['install', '-y', '-qq', 'postgresql'], { stdio: 'inherit', env });
  const bin = findPostgresBin();
  if (update.status !== 0 || install.status !== 0 || !bin) {
    throw new Error('Installing postgresql with apt-get failed; install it by hand or set PG_TEST_URL.');
  }
  return bin;
}

/** A free TCP port on 127.0.0.1 (the OS picks it; the server binds it right after). */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts a fresh PostgreSQL cluster and returns `{ url, stop }`. As root the cluster runs as the `postgres` user
 * (the server refuses to run as root). `stop()` is synchronous so it also works from an `exit` handler.
 * `durable: true` keeps PostgreSQL's default fsync and synchronous commit (for benchmarks worth quoting).
 */
export async function startThrowawayPostgres({ log = console.log, durable = false } = {}) {
  const bin = ensurePostgresBin({ log });
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'billing-kit-pg-'));
  const dataDir = join(dir, 'data');
  const run = (tool, args) => {
    const command = asRoot ? 'runuser' : join(bin, tool);
    const fullArgs = asRoot ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args;
    return spawnSync(command, fullArgs, { encoding: 'utf8', cwd: dir });
  };
  if (asRoot) {
    const ids = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const groups = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (ids.status !== 0) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error('Running as root needs the `postgres` user (created by the postgresql package).');
    }
    chownSync(dir, Number(ids.stdout.trim()), Number(groups.stdout.trim()));
  }

  let started = false;
  const stop = () => {
    if (started) {
      run('pg_ctl', ['-D', dataDir, 'stop', '-m', 'immediate', '-w']);
      started = false;
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const init = run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    if (init.status !== 0) throw new Error(`initdb failed:\n${init.stderr || init.stdout}`);
    const port = await freePort();
    // Durability is pointless for a throwaway test cluster: fsync off keeps the tests fast.
    const fast = durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off';
    const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200${fast}`;
    const logFile = join(dir, 'server.log');
    const start = run('pg_ctl', [
      '-D',
      dataDir,
      '-o',
      serverOptions,
      '-l',
      logFile,
      '-w',
      '-t',
      '30',
      'start',
    ]);
    if (start.status !== 0) {
      const serverLog = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
      throw new Error(`pg_ctl start failed:\n${start.stderr || start.stdout}\n${serverLog}`);
    }
    started = true;
    return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
  } catch (error) {
    stop();
    throw error;
  }
}
