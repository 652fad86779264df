// The send log: durable appends in call order, a replay that survives a torn last
// line, rounds for --force, and one sender per edition and list.
import { spawn } from "node:child_process";
import { constants, existsSync } from "node:fs";
import { appendFile, open, readFile, stat, unlink, writeFile, type FileHandle } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DurableAppender } from "../../../src/state/durable-append.js";
import { nothingNewSince, readHistory, recordEdition } from "../../../src/deliver/ledger/history.js";
import { DEFAULT_LIMITS } from "../../../src/deliver/send/list-run.js";
import { Mark, replaySendLog, SendLock, SendLockedError, SendLog } from "../../../src/deliver/ledger/send-log.js";
import { resolveSmtp } from "../../../src/deliver/send/smtp.js";
import { ledgerPaths } from "../../../src/deliver/ledger/state-layout.js";
import { smtpMessenger } from "../../../src/deliver/send/messengers/index.js";
import { identity, personEmail, runTestList, testEdition, testNewsletter, writeCsvList } from "../../support/edition.js";
import { tempDir } from "../../support/temp.js";
import { startSmtpServer, type TestSmtpServer } from "../../support/smtp-server.js";

describe("DurableAppender", () => {
  it("keeps what it appends owner-only (it names readers), and makes an existing file owner-only too", async () => {
    const dir = await tempDir();
    const fresh = join(dir, "fresh.log");
    await (await DurableAppender.open(fresh)).close();
    expect((await stat(fresh)).mode & 0o777).toBe(0o600);
    const old = join(dir, "old.log");
    await writeFile(old, "", { mode: 0o644 });
    await (await DurableAppender.open(old)).close();
    expect((await stat(old)).mode & 0o777).toBe(0o600);
  });


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

/**
 * Watches every file write of this process from here on: how many trips to the disk made
 * something durable, and the text durable so far. With O_DSYNC (the appender's flag where
 * the platform has it) a write is durable when it returns; otherwise at the datasync after it.
 */
async function watchDisk(dir: string): Promise<{ flushes: (has: string) => number; durable: () => string }> {
  const probe = await open(join(dir, "probe"), "w");
  const proto = Object.getPrototypeOf(probe) as FileHandle;
  await probe.close();
  type Write = (this: FileHandle, ...args: unknown[]) => Promise<{ bytesWritten: number; buffer: unknown }>;
  type Sync = (this: FileHandle) => Promise<void>;
  const write = proto.write as unknown as Write;
  const datasync = proto.datasync as Sync;
  const dsync = constants.O_DSYNC !== undefined;
  const flushed: string[] = [];
  let unsynced = "";
  const made = (text: string): void => {
    if (text !== "") flushed.push(text);
  };
  vi.spyOn(proto, "write").mockImplementation(async function (this: FileHandle, ...args: unknown[]) {
    const result = await write.apply(this, args);
    const offset = typeof args[1] === "number" ? args[1] : 0;
    const text = Buffer.isBuffer(result.buffer) ? result.buffer.subarray(offset, offset + result.bytesWritten).toString("utf8") : String(result.buffer);
    if (dsync) made(text);
    else unsynced += text;
    return result;
  } as unknown as FileHandle["write"]);
  vi.spyOn(proto, "datasync").mockImplementation(async function (this: FileHandle) {
    const text = unsynced;
    unsynced = "";
    await datasync.call(this);
    if (!dsync) made(text);
  });
  return { flushes: (has) => flushed.filter((text) => text.includes(has)).length, durable: () => flushed.join("") };
}

describe("DurableAppender group commit", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("writes the appends that arrive during a flush together in the next one, and resolves each only once a flush covered it", async () => {
    const dir = await tempDir();
    const disk = await watchDisk(dir);
    const file = await DurableAppender.open(join(dir, "a.log"));
    const count = 50;
    const early: number[] = [];
    await Promise.all(
      Array.from({ length: count }, (_, i) =>
        file.append(`line ${i}\n`).then(() => {
          if (!disk.durable().split("\n").includes(`line ${i}`)) early.push(i);
        }),
      ),
    );
    await file.close();
    expect(early).toEqual([]);
    // One flush for the first line, one for the 49 that came while it ran: not one each.
    expect(disk.flushes("line ")).toBe(2);
    expect(disk.durable()).toBe(Array.from({ length: count }, (_, i) => `line ${i}\n`).join(""));
  });

  it("with five senders, one flush carries several claims, and no message leaves before its claim is durable", async () => {
    const dir = await tempDir();
    const list = await writeCsvList(dir, 60);
    const disk = await watchDisk(dir);
    const handedOver: string[] = [];
    const unclaimed: string[] = [];
    const newsletter = testNewsletter(join(dir, "state"), {
      limits: { ...DEFAULT_LIMITS, concurrency: 5 },
      messenger: () => ({
        name: "check",
        delivers: true,
        send: async (message) => {
          const reader = message.envelope.to[0]!;
          if (!disk.durable().includes(`{"ev":"try","to":"${reader}"`)) unclaimed.push(reader);
          handedOver.push(reader);
          await new Promise((resolve) => setTimeout(resolve, 1));
          return {};
        },
        close: async () => undefined,
      }),
    });
    const report = await runTestList(newsletter, list);
    expect(report).toMatchObject({ outcome: "sent", sent: 60 });
    expect(handedOver).toHaveLength(60);
    expect(unclaimed).toEqual([]);
    const claims = disk.durable().split("\n").filter((line) => line.includes('"ev":"try"')).length;
    expect(claims).toBe(60);
    expect(disk.flushes('"ev":"try"')).toBeLessThan(claims);
  });
});

/** Log lines as a sender writes them. */
function lines(...records: object[]): string {
  return records.map((r) => JSON.stringify(r) + "\n").join("");
}

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

  it("skips a damaged line in the middle, naming file and line: a reader whose \"sent\" is lost is uncertain, not settled", async () => {
    const path = join(await tempDir(), "e.log");
    await writeFile(
      path,
      lines(
        { ev: "run", run: 1, round: 0, at: "t", pid: 1, stories: [] },
        { ev: "try", to: "a@x.org", line: 2 },
        { ev: "sent", to: "a@x.org" },
        { ev: "try", to: "b@x.org", line: 3 },
      ) +
        '{"ev":"sent","to":"b@x.o\n' +
        lines({ ev: "try", to: "c@x.org", line: 4 }, { ev: "sent", to: "c@x.org" }, { ev: "end", run: 1, sent: 3, failed: 0 }),
    );
    const warnings: string[] = [];
    const state = await replaySendLog(path, (message) => warnings.push(message));
    expect(warnings).toEqual([`${path}:5: unreadable send log line (not JSON); skipped`]);
    expect(state).toMatchObject({ runs: 1, round: 0, lastRunEnded: true });
    expect(Object.fromEntries(state.marks)).toEqual({ "a@x.org": Mark.Sent, "b@x.org": Mark.Attempting, "c@x.org": Mark.Sent });
  });

  it("shape-checks every record: null, strays and contradictions are skipped, never applied", async () => {
    const path = join(await tempDir(), "e.log");
    await writeFile(
      path,
      lines(
        { ev: "run", run: 1, round: 0, at: "t", pid: 1, stories: [] },
        { ev: "try", to: "a@x.org", line: 2 },
        { ev: "sent", to: "a@x.org" },
        { ev: "end", run: 1, sent: 1, failed: 0 },
      ) +
        "null\n" +
        lines(
          { ev: "run", round: 7 }, // no run number: not written by a sender
          { ev: "run", run: 2, round: 7, at: "t", pid: 1, stories: [] }, // skips rounds
          { ev: "run", run: 1, round: 1, at: "t", pid: 1, stories: [] }, // out of order
          { ev: "try", to: "a@x.org", line: 2 }, // would resend a confirmed reader
          { ev: "sent", to: "b@x.org" }, // never tried
          { ev: "failed", to: "a@x.org", perm: true, why: "550" }, // already sent
          { ev: "end", run: 5, sent: 0, failed: 0 },
          { ev: "mystery", to: "a@x.org" },
        ),
    );
    const warnings: string[] = [];
    const state = await replaySendLog(path, (message) => warnings.push(message));
    expect(warnings.map((w) => w.slice(path.length))).toEqual([
      ":5: null is not a record; skipped",
      ':6: malformed "run" record {"ev":"run","round":7}; skipped',
      ":7: run 2 claims round 7, but round 0 comes before it; skipped",
      ":8: run 1 is out of order (run 1 came before it); skipped",
      ':9: "try" for a@x.org, already settled in this round; skipped',
      ':10: "sent" for b@x.org without a "try" before it in this round; skipped',
      ':11: "failed" for a@x.org, already sent to in this round; skipped',
      ':12: "end" of run 5, which is not in progress; skipped',
      ':13: unknown record kind "mystery"; skipped',
    ]);
    expect(state).toMatchObject({ runs: 1, round: 0, lastRunEnded: true, lastRunPaused: false });
    expect(Object.fromEntries(state.marks)).toEqual({ "a@x.org": Mark.Sent });
  });

  it("starts the next round only when the current one is complete, as --force does", async () => {
    const path = join(await tempDir(), "e.log");
    const run = (n: number, round: number) => ({ ev: "run", run: n, round, at: "t", pid: 1, stories: [] });
    await writeFile(path, lines(run(1, 0), { ev: "try", to: "a@x.org", line: 2 }, { ev: "end", run: 1, sent: 0, failed: 0, paused: "signal" }, run(2, 1)));
    const warnings: string[] = [];
    const state = await replaySendLog(path, (message) => warnings.push(message));
    expect(warnings).toEqual([`${path}:4: run 2 claims round 1, but round 0 is not complete; skipped`]);
    expect(state).toMatchObject({ runs: 1, round: 0 });
    expect(Object.fromEntries(state.marks)).toEqual({ "a@x.org": Mark.Attempting });
  });

  it("cuts off an unreadable last line even when it ends in a newline, and only that", async () => {
    const path = join(await tempDir(), "e.log");
    const good = lines({ ev: "run", run: 1, round: 0, at: "t", pid: 1, stories: [] }, { ev: "try", to: "a@x.org", line: 2 });
    await writeFile(path, good + "garbage\n");
    const warnings: string[] = [];
    expect(Object.fromEntries((await replaySendLog(path, (m) => warnings.push(m))).marks)).toEqual({ "a@x.org": Mark.Attempting });
    expect(warnings).toEqual([`${path}:3: unreadable last line (not JSON); ignored, and cut off before the next record is written`]);
    // The replay never writes (a dry run holds no lock); the writer cuts.
    expect(await readFile(path, "utf8")).toBe(good + "garbage\n");
    await (await SendLog.open(path)).close();
    expect(await readFile(path, "utf8")).toBe(good);
    // A last line that is a record (even a skipped one) stays; a torn one longer than a block goes whole.
    await writeFile(path, good + "null\n" + "x".repeat(200_000));
    await (await SendLog.open(path)).close();
    expect(await readFile(path, "utf8")).toBe(good + "null\n");
  });

  it("counts only the latest round (after --force)", async () => {
    const path = join(await tempDir(), "e.log");
    const records = [
      { ev: "run", run: 1, round: 0, at: "t", pid: 1, stories: [] },
      { ev: "try", to: "a@x.org", line: 2 },
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

describe("a damaged send log, through a real send", () => {
  let smtp: TestSmtpServer;
  let warnings: string[];
  const onWarning = (warning: Error): void => void warnings.push(warning.message);
  beforeEach(async () => {
    smtp = await startSmtpServer();
    warnings = [];
    process.on("warning", onWarning);
  });
  afterEach(async () => {
    process.off("warning", onWarning);
    await smtp.close();
  });

  /** A finished send of testEdition() to `count` people; the log's path and a way to send again. */
  async function sentTo(count: number) {
    const dir = await tempDir();
    const list = await writeCsvList(dir, count);
    const newsletter = testNewsletter(join(dir, "state"), {
      messenger: () => smtpMessenger(resolveSmtp({ flag: smtp.url, env: {} }), { connections: 2 }),
      limits: { ...DEFAULT_LIMITS, concurrency: 2 },
    });
    const send = () => runTestList(newsletter, list);
    expect(await send()).toMatchObject({ outcome: "sent", sent: count });
    const log = ledgerPaths(join(dir, "state"), identity.listId, testEdition().editionId).log;
    return { log, list, send };
  }

  it("garbage appended to the log is cut off by the next run that writes, so no later run stops or resends", async () => {
    const { log, list, send } = await sentTo(4);
    await appendFile(log, "garbage from an editor\n");
    // A reader joins: this run writes to the log, after the garbage if it were left there.
    await appendFile(list, `${personEmail(5)},Person 5,City 5\n`);
    expect(await send()).toMatchObject({ outcome: "sent", sent: 1, alreadySent: 4 });
    expect(warnings).toEqual([expect.stringMatching(/:11: unreadable last line \(not JSON\); ignored, and cut off/)]);
    expect(await readFile(log, "utf8")).not.toContain("garbage");
    warnings = [];
    expect(await send()).toMatchObject({ outcome: "already-sent", alreadySent: 5 });
    expect(warnings).toEqual([]);
    expect([...smtp.countsByRecipient().values()]).toEqual([1, 1, 1, 1, 1]);
  });

  it("a null line in the middle is skipped, not a crash, and a lost \"sent\" makes its reader uncertain: sent once more", async () => {
    const { log, send } = await sentTo(4);
    const records = (await readFile(log, "utf8")).split("\n");
    const lostSent = records.findIndex((line) => line.includes('"ev":"sent"'));
    const reader = JSON.parse(records[lostSent]!).to as string;
    records.splice(lostSent, 1, "null");
    await writeFile(log, records.join("\n"));
    const again = await send();
    expect(again).toMatchObject({ outcome: "sent", sent: 1, alreadySent: 3, uncertain: 1 });
    expect(warnings).toEqual([`${log}:${lostSent + 1}: null is not a record; skipped`]);
    const counts = smtp.countsByRecipient();
    expect([...counts.entries()].filter(([, n]) => n > 1)).toEqual([[reader, 2]]);
    expect(await send()).toMatchObject({ outcome: "already-sent", alreadySent: 4, uncertain: 0 });
  });

  it("a stray run record restarts no round and resends nobody", async () => {
    const { log, send } = await sentTo(4);
    await appendFile(log, '{"ev":"run","round":7}\n' + lines({ ev: "run", run: 9, round: 7, at: "t", pid: 1, stories: [] }));
    expect(await send()).toMatchObject({ outcome: "already-sent", round: 0, alreadySent: 4, sent: 0 });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/:\d+: malformed "run" record/);
    expect(warnings[1]).toMatch(/:\d+: run 9 claims round 7, but round 0 comes before it; skipped/);
    expect(smtp.received).toHaveLength(4);
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
