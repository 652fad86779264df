import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireLock, EMPTY_LOCK_STALE_MS, listLockPath } from "../../src/state/lock.js";

let stateDir: string;
let path: string;

beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), "nd-lock-"));
  path = listLockPath(join(stateDir, "morning.example.com", "lists", "subscribers.csv"));
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
    expect(path).toBe(join(stateDir, "morning.example.com", "lists", "subscribers.csv", "schedule.lock"));
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

  it("an empty lock file older than a few seconds (a crash mid-write) is taken over; a fresh one is not", () => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, "");
    const fresh = acquireLock(path, { purpose: "schedule" });
    expect(fresh.acquired).toBe(false);
    if (!fresh.acquired) expect(fresh.reason).toMatch(/empty or unreadable \(being written, or left by a crash\): taken over once it is 5 s old/);
    expect(readFileSync(path, "utf8")).toBe("");

    const old = new Date(Date.now() - EMPTY_LOCK_STALE_MS - 1_000);
    utimesSync(path, old, old);
    const lock = acquireLock(path, { purpose: "schedule" });
    expect(lock.acquired).toBe(true);
    expect(JSON.parse(readFileSync(path, "utf8"))).toMatchObject({ pid: process.pid, purpose: "schedule" });
    if (lock.acquired) lock.release();

    // A torn owner is no better than none.
    writeFileSync(path, '{"pid": 12');
    utimesSync(path, old, old);
    const again = acquireLock(path, { purpose: "send" });
    expect(again.acquired).toBe(true);
    if (again.acquired) again.release();
    // No temporary files are left beside the lock.
    expect(readdirSync(dirname(path))).toEqual([]);
  });

  it("lets exactly one of many concurrent attempts in", async () => {
    const attempts = await Promise.all(Array.from({ length: 20 }, async () => acquireLock(path, { purpose: "send" })));
    expect(attempts.filter((a) => a.acquired)).toHaveLength(1);
    for (const a of attempts) if (a.acquired) a.release();
  });

  it("lets exactly one of several processes in when they try at the same moment", async () => {
    // lock.ts needs only node:*, so plain JavaScript of it runs in a child process.
    const source = readFileSync(fileURLToPath(new URL("../../src/state/lock.ts", import.meta.url)), "utf8");
    const lockModule = join(stateDir, "lock.mjs");
    writeFileSync(lockModule, ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText);
    const startAt = Date.now() + 1_500;
    const script = `
      import { acquireLock } from ${JSON.stringify(pathToFileURL(lockModule).href)};
      while (Date.now() < ${startAt});
      const attempt = acquireLock(${JSON.stringify(path)}, { purpose: "send" });
      process.stdout.write(attempt.acquired ? "won" : "lost");
      setTimeout(() => {}, 1_000); // hold the lock while the others try`;
    const children = Array.from({ length: 6 }, () => {
      const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
      return new Promise<string>((done) => child.on("close", () => done(out)));
    });
    const results = await Promise.all(children);
    expect(results.filter((r) => r === "won")).toHaveLength(1);
    expect(results.filter((r) => r === "lost")).toHaveLength(5);
  });
});
