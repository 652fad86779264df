// The send log: durable appends in call order, a replay that survives a torn last
// line, rounds for --force, and one sender per edition and list.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, unlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DurableAppender } from "../../../src/state/durable-append.js";
import { nothingNewSince, readHistory, recordEdition } from "../../../src/deliver/send/history.js";
import { Mark, replaySendLog, SendLock, SendLockedError, SendLog, SendLogError } from "../../../src/deliver/send/send-log.js";
import { testEdition } from "../../support/edition.js";
import { tempDir } from "../../support/temp.js";

describe("DurableAppender", () => {
  it("writes concurrent appends in call order and resolves each once written", async () => {
    const path = join(await tempDir(), "a.log");
    const file = await DurableAppender.open(path);
    const done: number[] = [];
    await Promise.all(Array.from({ length: 200 }, (_, i) => file.append(`${i}\n`).then(() => done.push(i))));
    await file.close();
    expect((await readFile(path, "utf8")).split("\n").slice(0, -1).map(Number)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(done).toHaveLength(200);
    await expect(file.append("late\n")).rejects.toThrow(/append after close/);
  });
});

describe("replaySendLog", () => {
  it("tells sent, failed, deferred and in-flight recipients apart, and whether the last run ended", async () => {
    const path = join(await tempDir(), "e.log");
    const log = await SendLog.open(path);
    await log.write({ ev: "run", run: 1, round: 0, at: "t", pid: 1, stories: [] });
    await log.write({ ev: "try", to: "a@x.org", line: 2 });
    await log.write({ ev: "sent", to: "a@x.org" });
    await log.write({ ev: "try", to: "b@x.org", line: 3 });
    await log.write({ ev: "failed", to: "b@x.org", perm: true, code: 550, why: "no" });
    await log.write({ ev: "try", to: "c@x.org", line: 4 });
    await log.write({ ev: "failed", to: "c@x.org", perm: false, why: "451" });
    await log.write({ ev: "try", to: "d@x.org", line: 5 });
    await log.close();
    const state = await replaySendLog(path);
    expect(state).toMatchObject({ runs: 1, round: 0, lastRunEnded: false });
    expect(Object.fromEntries(state.marks)).toEqual({
      "a@x.org": Mark.Sent,
      "b@x.org": Mark.FailedPermanently,
      "c@x.org": Mark.Deferred,
      "d@x.org": Mark.Attempting,
    });
  });

  it("ignores a torn last line, and SendLog.open cuts it so the next record starts cleanly", async () => {
    const path = join(await tempDir(), "e.log");
    await writeFile(path, '{"ev":"run","run":1,"round":0,"at":"t","pid":1,"stories":[]}\n{"ev":"try","to":"a@x.org","line":2}\n{"ev":"sent","to":"a@');
    expect(Object.fromEntries((await replaySendLog(path)).marks)).toEqual({ "a@x.org": Mark.Attempting });
    const log = await SendLog.open(path);
    await log.write({ ev: "sent", to: "a@x.org" });
    await log.close();
    const lines = (await readFile(path, "utf8")).trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => JSON.parse(l).ev)).toEqual(["run", "try", "sent"]);
  });

  it("refuses a log damaged anywhere but its last line, naming file and line", async () => {
    const path = join(await tempDir(), "e.log");
    await writeFile(path, '{"ev":"run","run":1,"round":0,"at":"t","pid":1,"stories":[]}\nnot json\n{"ev":"try","to":"a@x.org","line":2}\n');
    await expect(replaySendLog(path)).rejects.toThrow(SendLogError);
    await expect(replaySendLog(path)).rejects.toThrow(`${path}:2: unreadable send log line`);
  });

  it("counts only the latest round (after --force)", async () => {
    const path = join(await tempDir(), "e.log");
    const records = [
      { ev: "run", run: 1, round: 0, at: "t", pid: 1, stories: [] },
      { ev: "sent", to: "a@x.org" },
      { ev: "end", run: 1, sent: 1, failed: 0 },
      { ev: "run", run: 2, round: 1, at: "t", pid: 1, stories: [] },
      { ev: "try", to: "b@x.org", line: 3 },
      { ev: "end", run: 2, sent: 0, failed: 0 },
    ];
    await writeFile(path, records.map((r) => JSON.stringify(r) + "\n").join(""));
    const state = await replaySendLog(path);
    expect(state).toMatchObject({ runs: 2, round: 1, lastRunEnded: true });
    expect(Object.fromEntries(state.marks)).toEqual({ "b@x.org": Mark.Attempting });
    expect((await replaySendLog(join(path, "..", "none.log"))).round).toBe(-1);
  });
});

describe("SendLock", () => {
  it("lets one sender in, and takes over a lock whose process is gone", async () => {
    const path = join(await tempDir(), "e.lock");
    const lock = await SendLock.acquire(path);
    await expect(SendLock.acquire(path)).rejects.toThrow(`another send of this edition to this list is running (pid ${process.pid})`);
    await lock.release();
    const again = await SendLock.acquire(path);
    await again.release();

    // A lock left by a process that no longer exists (kill -9) is stale.
    const child = spawn(process.execPath, ["-e", ""]);
    const deadPid = child.pid!;
    await new Promise((resolve) => child.on("close", resolve));
    await writeFile(path, JSON.stringify({ pid: deadPid, host: hostname(), since: "2024-06-20T07:00:00.000Z", purpose: "send" }));
    const taken = await SendLock.acquire(path);
    expect(JSON.parse(await readFile(path, "utf8"))).toMatchObject({ pid: process.pid, host: hostname(), purpose: "send" });
    await taken.release();
  });

  it("takes over a lock naming our own pid that this process does not hold (a container restart reused the pid)", async () => {
    const path = join(await tempDir(), "e.lock");
    await writeFile(path, JSON.stringify({ pid: process.pid, host: hostname(), since: "2024-06-20T07:00:00.000Z", purpose: "send" }));
    const taken = await SendLock.acquire(path);
    expect(JSON.parse(await readFile(path, "utf8")).since).not.toBe("2024-06-20T07:00:00.000Z");
    await taken.release();
    expect(existsSync(path)).toBe(false);
  });

  it("never deletes a lock whose owner is still being written, and releases only its own lock", async () => {
    const path = join(await tempDir(), "e.lock");
    // Another sender has created the file (O_EXCL) but not yet written its pid.
    await writeFile(path, "");
    await expect(SendLock.acquire(path)).rejects.toThrow(SendLockedError);
    expect(existsSync(path)).toBe(true);
    await unlink(path);

    // A release after our lock was (wrongly) replaced must not delete the new owner's lock.
    const lock = await SendLock.acquire(path);
    const other = JSON.stringify({ pid: 1, host: hostname(), since: "2024-06-20T07:00:00.000Z", purpose: "send" });
    await writeFile(path, other);
    await lock.release();
    expect(await readFile(path, "utf8")).toBe(other);
  });
});

describe("edition history", () => {
  it("finds the previous edition that already carried every story", async () => {
    const path = join(await tempDir(), "editions.jsonl");
    await recordEdition(path, { edition: "d1", stories: ["a", "b"], at: "t1" });
    await recordEdition(path, { edition: "d2", stories: ["b", "c"], at: "t2" });
    await writeFile(path, (await readFile(path, "utf8")) + '{"edition":"d3","sto');
    const history = await readHistory(path);
    expect(history.map((h) => h.edition)).toEqual(["d1", "d2"]);
    expect(nothingNewSince(testEdition("d4", ["c"]), history)).toEqual({ previous: "d2" });
    // Only the latest other edition counts: "a" went out in d1 but not in d2.
    expect(nothingNewSince(testEdition("d4", ["a", "c"]), history)).toBeNull();
    expect(nothingNewSince(testEdition("d2", ["a"]), history)).toEqual({ previous: "d1" });
    expect(nothingNewSince(testEdition("d4", ["c"]), history, ["c"])).toBeNull();
    expect(nothingNewSince(testEdition("d4", []), history)).toEqual({ previous: null });
    expect(nothingNewSince(testEdition("d1", ["a"]), [])).toBeNull();
  });
});
