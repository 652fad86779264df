import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireLock, listLockPath } from "../../../src/state/lock.js";
import { checkSchedule, startSchedule, type EditionJob, type RunRecord, type Schedule } from "../../../src/app/schedule/scheduler.js";

let stateDir: string;
let schedule: Schedule | undefined;

beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), "nd-schedule-"));
});

afterEach(async () => {
  await schedule?.stop();
  schedule = undefined;
  rmSync(stateDir, { recursive: true, force: true });
});

const lockOf = (list: string): string => listLockPath(join(stateDir, list));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(20);
  }
}

describe("checkSchedule", () => {
  it("accepts five- and six-field patterns in a real zone", () => {
    expect(checkSchedule("0 7 * * *", "Europe/London")).toBeUndefined();
    expect(checkSchedule("*/2 * * * * *", undefined)).toBeUndefined();
  });

  it("explains a bad pattern or zone in one line", () => {
    expect(checkSchedule("0 7 * *", undefined)).toMatch(/^invalid cron pattern "0 7 \* \*": .*\(expected e\.g\. "0 7 \* \* \*"/);
    expect(checkSchedule("0 7 * * *", "Europe/Londn")).toBe('unknown time zone "Europe/Londn": expected an IANA name such as Europe/London');
  });
});

describe("startSchedule", () => {
  it("fires on a seconds pattern; a run that would overlap a running one is refused by the lock", async () => {
    const lines: string[] = [];
    let calls = 0;
    let running = 0;
    let maxRunning = 0;
    const job: EditionJob = async ({ list }) => {
      calls++;
      running++;
      maxRunning = Math.max(maxRunning, running);
      // The first run outlasts the next tick.
      await sleep(calls === 1 ? 1_300 : 10);
      running--;
      return { status: "sent", summary: `sent edition ${calls} to ${list}` };
    };
    schedule = startSchedule({ cron: "* * * * * *", lists: ["subscribers.csv"], lockPath: lockOf, job, log: (line) => lines.push(line) });
    await until(() => schedule!.history.filter((r) => r.status === "sent").length >= 2);
    await schedule.stop();

    // Runs in the order they started: the long first run, a refused tick during it, then more runs.
    const byStart = [...schedule.history].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    expect(byStart.map((r) => r.status).slice(0, 2)).toEqual(["sent", "skipped"]);
    expect(byStart[0]?.summary).toBe("sent edition 1 to subscribers.csv");
    expect(maxRunning).toBe(1);
    expect(byStart[1]?.summary).toMatch(new RegExp(`^skipped: locked by schedule \\(pid ${process.pid} on .+\\) since `));
    // One log line per run, each naming the time, the list and the result.
    expect(lines).toHaveLength(schedule.history.length);
    expect(lines).toContainEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\S+Z subscribers\.csv: sent edition 1 to subscribers\.csv \[1\.\d s\]$/));
  });

  it("refuses a run while another process-level holder (e.g. a manual send) has the list", async () => {
    const held = acquireLock(lockOf("subscribers.csv"), { purpose: "send" });
    let calls = 0;
    schedule = startSchedule({ cron: "0 7 * * *", timezone: "Europe/London", lists: ["subscribers.csv"], lockPath: lockOf, job: async () => (calls++, { status: "sent", summary: "sent" }), log: () => undefined });
    const [refused] = await schedule.runNow();
    expect(refused?.status).toBe("skipped");
    expect(refused?.summary).toMatch(/locked by send/);
    expect(calls).toBe(0);
    if (held.acquired) held.release();
    const [ran] = await schedule.runNow();
    expect(ran?.status).toBe("sent");
  });

  it("runs each list under its own lock, and a job that throws is one failed line", async () => {
    const records: RunRecord[] = [];
    const job: EditionJob = async ({ list }) => {
      if (list === "broken.csv") throw new Error("broken.csv:3: expected an email address\nmore detail");
      return { status: "nothing-new", summary: "nothing new since 2024-06-19-daily" };
    };
    schedule = startSchedule({ cron: "0 7 * * *", lists: ["a.csv", "broken.csv"], lockPath: lockOf, job, log: (_line, record) => record && records.push(record) });
    await schedule.runNow();
    expect(records.map((r) => [r.list, r.status, r.summary])).toEqual(
      expect.arrayContaining([
        ["a.csv", "nothing-new", "nothing new since 2024-06-19-daily"],
        ["broken.csv", "failed", "failed: broken.csv:3: expected an email address"],
      ]),
    );
    // The lock is released after a failure: the next run gets in.
    expect((await schedule.runNow()).map((r) => r.status).sort()).toEqual(["failed", "nothing-new"]);
  });

  it("stop() signals a running job, waits for it, and no run fires afterwards", async () => {
    let sawAbort = false;
    let calls = 0;
    const job: EditionJob = async ({ signal }) => {
      calls++;
      await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
      sawAbort = true;
      return { status: "sent", summary: "stopped early" };
    };
    schedule = startSchedule({ cron: "* * * * * *", lists: ["l.csv"], lockPath: lockOf, job, log: () => undefined });
    const run = schedule.runNow();
    await schedule.stop();
    expect(sawAbort).toBe(true);
    expect((await run)[0]?.summary).toBe("stopped early");
    await sleep(1_100);
    expect(calls).toBe(1);
    expect(acquireLock(lockOf("l.csv"), { purpose: "check" }).acquired).toBe(true);
  });
});
