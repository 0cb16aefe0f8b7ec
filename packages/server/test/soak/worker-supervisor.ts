import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { seededRandom } from './seeded-random.js';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const workerPath = fileURLToPath(new URL('./webhook-worker.ts', import.meta.url));

/** What the webhook worker process is told (see webhook-worker.ts), as JSON in `SOAK_WORKER_SETTINGS`. */
export interface WorkerSettings {
  /** Where it listens: the webhook endpoint's URL, kept across restarts. */
  port: number;
  emulatorPort: number;
  /** PostgreSQL schema shared with the soak's API process. */
  schema: string;
  /** The journal file it appends to. */
  journal: string;
  seed: number;
  /**
   * The process kills itself once per life, after a time drawn from this range (ms): at the next event it claims,
   * right after recording and claiming it (before applying it), or at the next statement inside a database
   * transaction. By time, not by chance per delivery, so a storm of redeliveries cannot become a storm of crashes.
   */
  crashAfterMs: [number, number] | null;
  /** Chance that a delivery is answered 500 without being looked at. */
  answer500: number;
  /** Chance that a delivery is answered only after `slowMs` (past the emulator's receiver timeout). */
  answerSlowly: number;
  slowMs: number;
  claimLeaseMs: number;
  plans: Array<{ productId: string; entitlements: string[]; perSeat?: boolean }>;
}

/** What the supervisor saw. */
export interface SupervisorCounts {
  /** Processes started, the first included. */
  starts: number;
  /** Deaths by SIGKILL: the worker's own crash points and the supervisor's random kills. */
  kills: number;
  /** Of those, the ones the supervisor sent from outside, at a random moment. */
  externalKills: number;
  /** Time from each death to the next process listening, summed. */
  downMs: number;
}

/**
 * Runs the webhook worker as a child process and keeps it running: whenever it dies it is started again on the same
 * port (the webhook endpoint's URL), with the next seed. While `killEvery` is set it also SIGKILLs it from outside at
 * random moments within that range.
 */
export class WorkerSupervisor {
  private child: ChildProcess | undefined;
  private stopping = false;
  private killTimer: NodeJS.Timeout | undefined;
  private readonly random: () => number;
  private starting: Promise<void> | undefined;
  readonly counts: SupervisorCounts = { starts: 0, kills: 0, externalKills: 0, downMs: 0 };
  /** Anything the worker wrote to stderr, for the failure message when it cannot start. */
  private stderr = '';

  constructor(
    private readonly settings: WorkerSettings,
    private readonly secrets: { databaseUrl: string; webhookSecret: string },
    private readonly killEvery: { minMs: number; maxMs: number } | null,
  ) {
    this.random = seededRandom(settings.seed ^ 0x5eed);
  }

  /** Starts the worker and resolves once it listens. */
  async start(): Promise<void> {
    await this.spawnWorker();
    this.scheduleKill();
  }

  private spawnWorker(): Promise<void> {
    const seed = this.settings.seed + this.counts.starts * 7919;
    this.counts.starts += 1;
    const child = spawn(process.execPath, ['--import', 'tsx', workerPath], {
      cwd: packageDir,
      env: {
        ...process.env,
        SOAK_WORKER_SETTINGS: JSON.stringify({ ...this.settings, seed }),
        SOAK_DATABASE_URL: this.secrets.databaseUrl,
        SOAK_WEBHOOK_SECRET: this.secrets.webhookSecret,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ready')) resolve();
      });
      child.once('exit', (code, signal) => {
        reject(new Error(`The webhook worker exited before it listened (${signal ?? code}): ${this.stderr}`));
      });
    });
    child.once('exit', (_code, signal) => {
      if (this.child === child) this.child = undefined;
      if (this.stopping) return;
      if (signal === 'SIGKILL') this.counts.kills += 1;
      const diedAt = Date.now();
      // A process manager restarts it; a short pause like a real one, during which deliveries fail and are retried.
      this.starting = new Promise<void>((resolve) => setTimeout(resolve, 100 + this.random() * 300))
        .then(() => (this.stopping ? undefined : this.spawnWorker()))
        .then(() => {
          this.counts.downMs += Date.now() - diedAt;
        })
        .catch((error: unknown) => {
          this.stderr += `\nrestart failed: ${String(error)}`;
        });
    });
    return ready;
  }

  private scheduleKill(): void {
    if (!this.killEvery || this.stopping) return;
    const { minMs, maxMs } = this.killEvery;
    this.killTimer = setTimeout(
      () => {
        if (this.child && !this.stopping) {
          this.counts.externalKills += 1;
          // In the worker's journal like its own crash points, so the verdict knows which process died.
          appendFileSync(this.settings.journal, `${this.child.pid} crash:external -\n`);
          this.child.kill('SIGKILL');
        }
        this.scheduleKill();
      },
      minMs + this.random() * (maxMs - minMs),
    );
  }

  /** Stops the random kills; the worker keeps running (and is still restarted if it kills itself). */
  calm(): void {
    clearTimeout(this.killTimer);
    this.killTimer = undefined;
  }

  /** Waits until a worker is up (after a crash, the restart in progress). */
  async running(): Promise<void> {
    for (let waited = 0; waited < 30_000 && !this.child; waited += 50) {
      await this.starting;
      if (!this.child) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (!this.child) throw new Error(`The webhook worker did not come back: ${this.stderr}`);
  }

  /** Stops for good. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.calm();
    await this.starting;
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  }
}

/** The worker's journal, read back: one entry per line, `<pid> <what> <event id or ->`. */
export function readJournal(path: string): Array<{ pid: string; what: string; id: string }> {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const [pid = '', what = '', id = '-'] = line.split(' ');
      return { pid, what, id };
    });
}
