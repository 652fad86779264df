import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireLock, listLockPath } from "../../src/state/lock.js";

let stateDir: string;
let path: string;

beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), "nd-lock-"));
  path = listLockPath(stateDir, "morning.example.com--subscribers");
});

afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

/** The pid of a process that has exited: a real dead pid, as after a crash. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
}

function writeLock(owner: { pid: number; host: string; since: string; purpose: string }): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(owner));
}

describe("list lock", () => {
  it("lives at <state>/<list key>/schedule.lock and holds the owner's pid", () => {
    const lock = acquireLock(path, { purpose: "schedule" });
    expect(path).toBe(join(stateDir, "morning.example.com--subscribers", "schedule.lock"));
    expect(lock.acquired).toBe(true);
    expect(JSON.parse(readFileSync(path, "utf8"))).toMatchObject({ pid: process.pid, host: hostname(), purpose: "schedule" });
    if (lock.acquired) lock.release();
    expect(existsSync(path)).toBe(false);
  });

  it("refuses a second holder while the first holds it, and admits it after release", () => {
    const first = acquireLock(path, { purpose: "schedule" });
    const second = acquireLock(path, { purpose: "send" });
    expect(second.acquired).toBe(false);
    if (!second.acquired) expect(second.reason).toMatch(new RegExp(`^locked by schedule \\(pid ${process.pid} on .+\\) since \\d{4}-`));
    if (first.acquired) first.release();
    const third = acquireLock(path, { purpose: "send" });
    expect(third.acquired).toBe(true);
    if (third.acquired) third.release();
  });

  it("refuses a lock held by another live process", async () => {
    mkdirSync(dirname(path), { recursive: true });
    const script = `
      const fs = require("node:fs");
      fs.writeFileSync(${JSON.stringify(path)}, JSON.stringify({ pid: process.pid, host: require("node:os").hostname(), since: new Date().toISOString(), purpose: "send" }), { flag: "wx" });
      process.stdout.write("locked\\n");
      setTimeout(() => {}, 30000);`;
    const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
      const attempt = acquireLock(path, { purpose: "schedule" });
      expect(attempt.acquired).toBe(false);
      if (!attempt.acquired) expect(attempt.holder?.pid).toBe(child.pid);
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("takes over a stale lock whose process is dead", () => {
    const pid = deadPid();
    writeLock({ pid, host: hostname(), since: "2024-06-19T07:00:00.000Z", purpose: "schedule" });
    const lock = acquireLock(path, { purpose: "schedule" });
    expect(lock.acquired).toBe(true);
    expect(JSON.parse(readFileSync(path, "utf8")).pid).toBe(process.pid);
    if (lock.acquired) lock.release();
  });

  it("takes over a lock naming our own pid that this process does not hold (pid reused after a container restart)", () => {
    writeLock({ pid: process.pid, host: hostname(), since: "2024-06-19T07:00:00.000Z", purpose: "schedule" });
    const lock = acquireLock(path, { purpose: "schedule" });
    expect(lock.acquired).toBe(true);
    expect(JSON.parse(readFileSync(path, "utf8")).since).not.toBe("2024-06-19T07:00:00.000Z");
    // While we hold it, our own pid does mean a live lock.
    const second = acquireLock(path, { purpose: "send" });
    expect(second.acquired).toBe(false);
    if (lock.acquired) lock.release();
    expect(existsSync(path)).toBe(false);
  });

  it("never presumes a lock from another host stale", () => {
    writeLock({ pid: deadPid(), host: "other-host.example", since: "2024-06-19T07:00:00.000Z", purpose: "schedule" });
    const attempt = acquireLock(path, { purpose: "schedule" });
    expect(attempt.acquired).toBe(false);
    if (!attempt.acquired) expect(attempt.reason).toMatch(/on other-host\.example/);
  });

  it("a release never removes a lock that is no longer its own", () => {
    const lock = acquireLock(path, { purpose: "schedule" });
    writeLock({ pid: process.pid, host: hostname(), since: "2099-01-01T00:00:00.000Z", purpose: "send" });
    if (lock.acquired) lock.release();
    expect(JSON.parse(readFileSync(path, "utf8")).purpose).toBe("send");
  });

  it("an empty lock file (a crash between create and write) is refused with a way out", () => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, "");
    const attempt = acquireLock(path, { purpose: "schedule" });
    expect(attempt.acquired).toBe(false);
    if (!attempt.acquired) expect(attempt.reason).toMatch(/remove it if no run is active/);
  });
});
