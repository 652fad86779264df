/**
 * Runs an edition job for each list on a cron schedule, in the foreground (for
 * systemd or a container). croner computes the times; every run takes the
 * list's lock file first, so a run that would overlap another on the same
 * list (this scheduler's previous run still going, another scheduler, a
 * `schedule --once` started by cron) is refused and logged rather than run
 * twice. Each run logs exactly one line. (A manual `send` of the same edition
 * is kept apart by the ledger's own per-edition lock.)
 */
import { Cron } from "croner";
import { acquireLock, type LockOptions } from "../../state/index.js";

/** What one run of the job did, in a form the log line and --json can show. */
export interface RunOutcome {
  /** sent: delivered (possibly with some failures); nothing-new / already-sent: a no-op; failed: the run broke. */
  status: "sent" | "nothing-new" | "already-sent" | "failed";
  /** One human line, e.g. "sent 2024-06-20-news-digest: 998 sent, 2 failed; 12 stories (10 new, 2 updated)". */
  summary: string;
  editionId?: string;
  /** Recipients that failed for good in this run. */
  failed?: number;
}

interface EditionJobContext {
  list: string;
  /** The cron time this run was due. */
  scheduledAt: Date;
  /** Aborted when the scheduler stops: the job should wind down at a safe point. */
  signal: AbortSignal;
}

/** Build and send one edition to one list. Throwing counts as a failed run. */
export type EditionJob = (context: EditionJobContext) => Promise<RunOutcome>;

export interface RunRecord {
  list: string;
  scheduledAt: string;
  startedAt: string;
  durationMs: number;
  /** "skipped" when the list's lock was held by another run. */
  status: RunOutcome["status"] | "skipped";
  summary: string;
  editionId?: string;
}

export interface ScheduleOptions {
  cron: string;
  /** IANA zone the cron pattern is read in; the machine's by default. */
  timezone?: string;
  lists: readonly string[];
  /** The list's lock file (see listLockPath). */
  lockPath: (list: string) => string;
  job: EditionJob;
  /** Receives the one line of each run, with the run's record. */
  log: (line: string, record: RunRecord) => void;
  now?: () => Date;
  lock?: Pick<LockOptions, "isAlive">;
}

export interface Schedule {
  /** When the next run is due, or null if the pattern has no more. */
  nextRun(): Date | null;
  /** Runs the job for every list now, as a cron tick would; resolves when they are done. */
  runNow(): Promise<RunRecord[]>;
  /** Stops scheduling, signals running jobs to wind down, and waits for them. */
  stop(): Promise<void>;
  /** Every run so far, oldest first. */
  readonly history: readonly RunRecord[];
}

/** A one-line reason why the pattern or the zone cannot be used, or undefined when both are fine. */
export function checkSchedule(cron: string, timezone: string | undefined): string | undefined {
  if (timezone !== undefined) {
    try {
      new Intl.DateTimeFormat("en", { timeZone: timezone });
    } catch {
      return `unknown time zone "${timezone}": expected an IANA name such as Europe/London`;
    }
  }
  try {
    const probe = new Cron(cron, { paused: true, ...(timezone ? { timezone } : {}) });
    const next = probe.nextRun();
    probe.stop();
    if (next === null) return `cron pattern "${cron}" never fires`;
  } catch (error) {
    return `invalid cron pattern "${cron}": ${error instanceof Error ? error.message : String(error)} (expected e.g. "0 7 * * *", or six fields with seconds)`;
  }
  return undefined;
}

/** Runs the job once for every list now, under the lists' locks, as one cron tick would. `signal` asks the jobs to wind down. */
export function runListsOnce(options: RunnerOptions, signal: AbortSignal = new AbortController().signal): Promise<RunRecord[]> {
  return createRunner(options, signal).tick(options.now?.() ?? new Date());
}

export function startSchedule(options: ScheduleOptions): Schedule {
  const problem = checkSchedule(options.cron, options.timezone);
  if (problem) throw new Error(problem);
  const controller = new AbortController();
  const runner = createRunner(options, controller.signal);
  const now = options.now ?? (() => new Date());

  // No croner `protect`: overlapping ticks reach the runner, where the lock refuses them and says so.
  const cron = new Cron(options.cron, options.timezone ? { timezone: options.timezone } : {}, () => {
    void runner.tick(now());
  });

  return {
    nextRun: () => cron.nextRun(),
    runNow: () => runner.tick(now()),
    history: runner.history,
    async stop() {
      cron.stop();
      controller.abort();
      await runner.idle();
    },
  };
}

export type RunnerOptions = Omit<ScheduleOptions, "cron" | "timezone">;

interface Runner {
  tick(scheduledAt: Date): Promise<RunRecord[]>;
  idle(): Promise<void>;
  history: RunRecord[];
}

/** Runs of the job: each under its list's lock, each logged as one line, never thrown. */
function createRunner(options: RunnerOptions, signal: AbortSignal): Runner {
  const now = options.now ?? (() => new Date());
  const inFlight = new Set<Promise<RunRecord[]>>();
  const history: RunRecord[] = [];

  const runList = async (list: string, scheduledAt: Date): Promise<RunRecord> => {
    const started = now();
    const base = { list, scheduledAt: scheduledAt.toISOString(), startedAt: started.toISOString() };
    let record: RunRecord;
    let lock;
    try {
      lock = acquireLock(options.lockPath(list), { purpose: "schedule", ...options.lock, now });
    } catch (error) {
      lock = { acquired: false as const, reason: `cannot take the lock: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (!lock.acquired) {
      record = { ...base, durationMs: 0, status: "skipped", summary: `skipped: ${lock.reason}` };
    } else {
      try {
        const outcome = await options.job({ list, scheduledAt, signal });
        record = { ...base, durationMs: now().getTime() - started.getTime(), status: outcome.status, summary: outcome.summary };
        if (outcome.editionId !== undefined) record.editionId = outcome.editionId;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        record = { ...base, durationMs: now().getTime() - started.getTime(), status: "failed", summary: `failed: ${firstLine(message)}` };
      } finally {
        lock.release();
      }
    }
    history.push(record);
    options.log(formatRunLine(record), record);
    return record;
  };

  return {
    history,
    tick(scheduledAt) {
      // One list after another: the lists of a newsletter share each edition's ledger, and
      // a reader on two of them must be claimed by one run, not raced for by two.
      const run = (async () => {
        const records: RunRecord[] = [];
        for (const list of options.lists) records.push(await runList(list, scheduledAt));
        return records;
      })();
      inFlight.add(run);
      void run.finally(() => inFlight.delete(run));
      return run;
    },
    async idle() {
      await Promise.allSettled([...inFlight]);
    },
  };
}

/** "2024-06-20T07:00:00.000Z subscribers: sent 3 of 3 (edition ...) [1.2 s]" */
function formatRunLine(record: RunRecord): string {
  return `${record.startedAt} ${record.list}: ${record.summary} [${formatDuration(record.durationMs)}]`;
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function firstLine(text: string): string {
  return text.split("\n", 1)[0] ?? "";
}
