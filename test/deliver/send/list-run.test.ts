// Sending an edition to a list through a real SMTP server (smtp-server on loopback),
// read back with a real MIME parser (postal-mime).
import { readdir, readFile, writeFile, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import PostalMime from "postal-mime";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, type RunOptions } from "../../../src/deliver/send/list-run.js";
import { exitCodeFor, formatReport } from "../../../src/deliver/send/report.js";
import { resolveSmtp } from "../../../src/deliver/send/smtp.js";
import { ledgerPaths } from "../../../src/deliver/ledger/state-layout.js";
import { smtpMessenger } from "../../../src/deliver/send/messengers/index.js";
import { verifyUnsubscribeToken } from "../../../src/links/token.js";
import type { ListIdentity, RenderedEdition, SendLimits } from "../../../src/model.js";
import { identity, personEmail, runTestList, testEdition, testNewsletter, TOKEN_KEY, writeCsvList } from "../../support/edition.js";
import { openSuppressions } from "../../../src/deliver/suppressions/index.js";
import { tempDir } from "../../support/temp.js";
import { startSmtpServer, type Faults, type TestSmtpServer } from "../../support/smtp-server.js";

let dir: string;
let server: TestSmtpServer | undefined;

beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(faults: Faults = {}): Promise<TestSmtpServer> {
  server = await startSmtpServer(faults);
  return server;
}

type Overrides = RunOptions & { limits?: Partial<SendLimits>; identity?: ListIdentity; edition?: RenderedEdition; updatedStoryIds?: string[] };

function send(smtp: TestSmtpServer, list: string, overrides: Overrides = {}) {
  const limits: SendLimits = { ...DEFAULT_LIMITS, concurrency: 4, retryBaseMs: 2, retryMaxMs: 20, ...overrides.limits };
  const { limits: _limits, identity: listIdentity, ...run } = overrides;
  const newsletter = testNewsletter(join(dir, "state"), {
    messenger: () => smtpMessenger(resolveSmtp({ flag: smtp.url, env: {} }), { connections: limits.concurrency }),
    limits,
    ...(listIdentity ? { identity: listIdentity } : {}),
  });
  return runTestList(newsletter, list, run);
}

describe("a list run", () => {
  it("delivers both parts with List-Unsubscribe headers, the personalised name and a valid token", async () => {
    const smtp = await serve();
    const list = join(dir, "list.csv");
    await writeFile(list, "email,name,city\nann@example.org,Ann Example,Leeds\nZoe@Example.org,Zoë O'Neil,Paris\n");
    const report = await send(smtp, list);

    expect(report).toMatchObject({ outcome: "sent", sent: 2, failedCount: 0, recipients: 2 });
    expect(exitCodeFor(report)).toBe(0);
    expect(smtp.received).toHaveLength(2);
    const byRecipient = new Map(smtp.received.map((m) => [m.recipients[0], m.raw]));
    for (const [address, name] of [
      ["ann@example.org", "Ann Example"],
      ["zoe@example.org", "Zoë O'Neil"],
    ] as const) {
      const email = await PostalMime.parse(byRecipient.get(address)!);
      expect(email.text).toContain(`Hello ${name},`);
      // The HTML part carries the name escaped, as render's personalize writes it.
      expect(email.html).toContain(`<p>Hello ${name.replace("'", "&#39;")},</p>`);
      expect(email.to?.[0]?.name).toBe(name);
      expect(email.to?.[0]?.address?.toLowerCase()).toBe(address);
      const header = (key: string) => email.headers.find((h) => h.key === key)?.value ?? "";
      expect(header("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
      expect(header("list-id")).toBe('"Test Digest" <test-digest.news.example.com>');
      const unsubscribe = header("list-unsubscribe");
      const https = /<(https:[^>]+)>/.exec(unsubscribe)?.[1];
      expect(/<mailto:unsubscribe@news\.example\.com\?[^>]+>/.test(unsubscribe)).toBe(true);
      const token = new URL(https!).searchParams.get("token")!;
      expect(verifyUnsubscribeToken(TOKEN_KEY, token)).toEqual({ listId: identity.listId, email: address });
      // The link in the body is the same signed link as in the header.
      expect(email.text).toContain(https);
      expect(email.messageId).toMatch(/^<2024-06-20-test-digest\.[0-9a-f]{24}@news\.example\.com>$/);
    }
  });

  it("rides out a faulty server: each recipient gets exactly one message, the 550 is reported, exit code 1", async () => {
    const bad = "person0013@example.org";
    const smtp = await serve({
      rejectPermanently: new Set([bad]),
      dropData: (n) => n % 7 === 0,
      deferRcpt: (n) => n % 5 === 0,
    });
    const list = await writeCsvList(dir, 60);
    const report = await send(smtp, list, { limits: { retries: 8 } });

    expect(smtp.stats.dropped).toBeGreaterThan(3);
    expect(smtp.stats.deferred).toBeGreaterThan(3);
    const counts = smtp.countsByRecipient();
    for (let i = 1; i <= 60; i++) {
      const address = personEmail(i);
      expect([address, counts.get(address) ?? 0]).toEqual([address, address === bad ? 0 : 1]);
    }
    expect(report.sent).toBe(59);
    expect(report.failedCount).toBe(1);
    expect(report.failed[0]).toMatchObject({ email: bad, code: 550, permanent: true, line: 14 });
    expect(report.deferredCount).toBe(0);
    expect(exitCodeFor(report)).toBe(1);
    expect(formatReport(report)).toMatch(/failed:\s+1\n\s+person0013@example\.org \(line 14\): 550/);
  });

  it("sends nothing on a re-run after success, and again to everyone with --force", async () => {
    const smtp = await serve();
    const list = await writeCsvList(dir, 12);
    expect((await send(smtp, list)).sent).toBe(12);

    const again = await send(smtp, list);
    expect(again).toMatchObject({ outcome: "already-sent", sent: 0, alreadySent: 12, recipients: 12 });
    expect(formatReport(again)).toContain("already sent to 12 of 12");
    expect(exitCodeFor(again)).toBe(0);
    expect(smtp.received).toHaveLength(12);

    const forced = await send(smtp, list, { force: true });
    expect(forced).toMatchObject({ outcome: "sent", sent: 12, round: 1, alreadySent: 0 });
    const counts = smtp.countsByRecipient();
    expect([...counts.values()].every((n) => n === 2)).toBe(true);
    // A deliberate resend is a new message for the receiving side: a new Message-ID.
    const ids = await Promise.all(smtp.received.map(async (m) => (await PostalMime.parse(m.raw)).messageId));
    expect(new Set(ids).size).toBe(24);

    const afterForce = await send(smtp, list);
    expect(afterForce).toMatchObject({ outcome: "already-sent", alreadySent: 12 });
  });

  it("resumes an unfinished --force round when the same --force command runs again, sending nobody a third copy", async () => {
    const smtp = await serve();
    const list = await writeCsvList(dir, 10);
    expect((await send(smtp, list)).sent).toBe(10);

    // The forced resend is stopped (Ctrl-C) after 3 messages.
    const stop = new AbortController();
    const paused = await send(smtp, list, {
      force: true,
      limits: { concurrency: 1 },
      signal: stop.signal,
      observer: { progress: (c) => (c.sent === 3 ? stop.abort() : undefined) },
    });
    expect(paused).toMatchObject({ outcome: "paused", round: 1, sent: 3 });
    expect(paused.pausedReason).toContain("run the same command again (with or without --force) to resume");
    expect(exitCodeFor(paused)).toBe(75);

    // Following that advice with --force finishes round 1 instead of starting round 2.
    const resumed = await send(smtp, list, { force: true });
    expect(resumed).toMatchObject({ outcome: "sent", round: 1, sent: 7, alreadySent: 3 });
    expect([...smtp.countsByRecipient().values()]).toEqual(Array(10).fill(2));

    // Once round 1 is complete, --force starts round 2 as asked.
    const again = await send(smtp, list, { force: true });
    expect(again).toMatchObject({ outcome: "sent", round: 2, sent: 10 });
    expect([...smtp.countsByRecipient().values()]).toEqual(Array(10).fill(3));
  });

  it('says "nothing new" when every story went out in the previous edition, and sends when one is new', async () => {
    const smtp = await serve();
    const list = await writeCsvList(dir, 3);
    expect((await send(smtp, list, { edition: testEdition("2024-06-20-d", ["a", "b"]) })).sent).toBe(3);

    const quiet = await send(smtp, list, { edition: testEdition("2024-06-21-d", ["b", "a"]) });
    expect(quiet).toMatchObject({ outcome: "nothing-new", nothingNewSince: "2024-06-20-d", sent: 0 });
    expect(exitCodeFor(quiet)).toBe(0);
    expect(formatReport(quiet)).toContain("nothing new since edition 2024-06-20-d");
    expect(smtp.received).toHaveLength(3);

    const empty = await send(smtp, list, { edition: testEdition("2024-06-21-e", []) });
    expect(empty.outcome).toBe("nothing-new");

    // The same story ids, but the edition window says one of them changed.
    const updated = await send(smtp, list, { edition: testEdition("2024-06-21-f", ["a"]), updatedStoryIds: ["a"] });
    expect(updated).toMatchObject({ outcome: "sent", sent: 3 });

    const fresh = await send(smtp, list, { edition: testEdition("2024-06-22-d", ["a", "c"]) });
    expect(fresh).toMatchObject({ outcome: "sent", sent: 3 });
    expect(smtp.received).toHaveLength(9);
  });

  it("reports invalid rows with their line and sends case-insensitive duplicates once", async () => {
    const smtp = await serve();
    const list = join(dir, "list.csv");
    await writeFile(
      list,
      [
        "Email,Name",
        "ann@example.org,Ann",
        "not-an-address,Broken",
        "ANN@Example.ORG,Ann again",
        ",Nobody",
        "bob@example.org,Bob",
        "bob@exa mple.org,Bob typo",
        "Bob@example.org,Bob again",
      ].join("\n") + "\n",
    );
    const report = await send(smtp, list);
    expect(report).toMatchObject({ sent: 2, recipients: 2, duplicatesAvoided: 2, invalidCount: 3 });
    expect(report.invalid.map((i) => i.line)).toEqual([3, 5, 7]);
    expect(report.invalid[0]!.reason).toContain("not-an-address");
    expect(smtp.received.map((m) => m.recipients[0]).sort()).toEqual(["ann@example.org", "bob@example.org"]);
  });

  it("resumes an interrupted run: confirmed recipients are skipped, in-flight ones resent and counted as uncertain", async () => {
    const smtp = await serve();
    const list = await writeCsvList(dir, 6);
    const paths = ledgerPaths(join(dir, "state"), identity.listId, "2024-06-20-test-digest");
    await mkdir(dirname(paths.log), { recursive: true });
    // What a killed run leaves: 1 and 2 confirmed, 3 and 4 in flight, a torn last line.
    const records = [
      { ev: "run", run: 1, round: 0, at: "2024-06-20T06:00:00Z", pid: 1, stories: ["story-a", "story-b"] },
      { ev: "try", to: personEmail(1), line: 2 },
      { ev: "try", to: personEmail(2), line: 3 },
      { ev: "sent", to: personEmail(1) },
      { ev: "try", to: personEmail(3), line: 4 },
      { ev: "sent", to: personEmail(2) },
      { ev: "try", to: personEmail(4), line: 5 },
    ];
    await writeFile(paths.log, records.map((r) => JSON.stringify(r)).join("\n") + '\n{"ev":"sent","to":"per');

    const report = await send(smtp, list);
    expect(report).toMatchObject({ outcome: "sent", interrupted: true, uncertain: 2, alreadySent: 2, sent: 4 });
    expect(smtp.received.map((m) => m.recipients[0]).sort()).toEqual([3, 4, 5, 6].map(personEmail));
    expect(formatReport(report)).toContain("uncertain:           2");

    const log = await readFile(paths.log, "utf8");
    expect(log.split("\n").every((line) => line === "" || JSON.parse(line))).toBe(true);
    expect(await send(smtp, list)).toMatchObject({ outcome: "already-sent", alreadySent: 6, uncertain: 0, interrupted: false });
  });

  it("pauses after too many failures in a row, and the next run reaches everyone", async () => {
    let healthy = false;
    const smtp = await serve({ deferRcpt: () => !healthy });
    const list = await writeCsvList(dir, 20);
    const paused = await send(smtp, list, { limits: { concurrency: 1, retries: 1, maxConsecutiveFailures: 3 } });
    expect(paused.outcome).toBe("paused");
    expect(paused.pausedReason).toMatch(/paused after 3 failures in a row \(last: 451 4\.3\.0 try again later\)/);
    expect(paused).toMatchObject({ sent: 0, failedCount: 0, deferredCount: 3 });
    expect(exitCodeFor(paused)).toBe(75);

    healthy = true;
    const resumed = await send(smtp, list, { limits: { concurrency: 3 } });
    expect(resumed).toMatchObject({ outcome: "sent", sent: 20, failedCount: 0 });
    expect([...smtp.countsByRecipient().values()]).toEqual(Array(20).fill(1));
  });

  it("does not write off a streak of policy 550s as bad addresses: they are retried on the next run", async () => {
    const smtp = await serve({ refuseRcpt: () => true });
    const list = await writeCsvList(dir, 20);
    const paused = await send(smtp, list, { limits: { concurrency: 1, maxConsecutiveFailures: 4 } });
    expect(paused).toMatchObject({ outcome: "paused", failedCount: 0, deferredCount: 4 });

    await smtp.close();
    const healthy = await serve();
    const resumed = await send(healthy, list);
    expect(resumed).toMatchObject({ outcome: "sent", sent: 20, failedEarlier: 0 });
  });

  it("stops at once when the server refuses the sender, blaming no recipient", async () => {
    const smtp = await serve({ rejectSenders: new Set(["blocked@news.example.com"]) });
    const list = await writeCsvList(dir, 10);
    const report = await send(smtp, list, { identity: { ...identity, from: "Test <blocked@news.example.com>" } });
    expect(report.outcome).toBe("paused");
    expect(report.pausedReason).toContain("fix the SMTP settings");
    expect(report.failedCount).toBe(0);
    expect(report.deferredCount).toBeGreaterThan(0);
    expect(report.deferredCount).toBeLessThanOrEqual(4);
  });

  it("--dry-run builds every message without connecting or writing a log", async () => {
    const list = await writeCsvList(dir, 25, ["broken-row,No address"]);
    let connected = false;
    const newsletter = testNewsletter(join(dir, "state"), {
      viewInBrowserUrl: "https://news.example.com/e",
      messenger: () => {
        connected = true;
        throw new Error("dry run must not connect");
      },
      limits: DEFAULT_LIMITS,
    });
    const report = await runTestList(newsletter, list, { dryRun: true });
    expect(report).toMatchObject({ outcome: "dry-run", wouldSend: 25, invalidCount: 1, sent: 0 });
    expect(report.wouldSendTo).toEqual(Array.from({ length: 25 }, (_, i) => personEmail(i + 1)));
    expect(connected).toBe(false);
    await expect(readdir(join(dir, "state"))).rejects.toThrow(); // no ledger, no history
    expect(formatReport(report)).toContain("would send:          25");
    expect(formatReport(report)).toContain(`    ${personEmail(20)}\n    ... and 5 more`);
  });
});


describe("suppression at send time", () => {
  const stored = async (address: string) => {
    const store = await openSuppressions(join(dir, "state"), identity.listId);
    const found = store.get(address);
    await store.close();
    return found;
  };

  it("a 550 5.1.1 suppresses the address as bounced, and the next edition skips it", async () => {
    const gone = personEmail(2);
    const smtp = await serve({ rejectPermanently: new Set([gone]) });
    const list = await writeCsvList(dir, 4);
    const first = await send(smtp, list);
    expect(first).toMatchObject({ sent: 3, failedCount: 1, suppressed: 0 });
    expect(await stored(gone)).toMatchObject({ address: gone, reason: "bounced", status: "5.1.1", editionId: "2024-06-20-test-digest" });

    const next = await send(smtp, list, { edition: testEdition("2024-06-21-test-digest", ["story-c"]) });
    expect(next).toMatchObject({ outcome: "sent", sent: 3, failedCount: 0, suppressed: 1, suppressedAddresses: [gone] });
    expect(smtp.stats.rejected).toBe(1);
  });

  it("a 550 5.7.1 fails the reader for this edition only: the next edition tries again", async () => {
    const refused = personEmail(2);
    let blocked = true;
    const smtp = await serve({ refuseRcpt: (address) => blocked && address === refused });
    const list = await writeCsvList(dir, 4);
    expect(await send(smtp, list)).toMatchObject({ sent: 3, failedCount: 1, suppressed: 0 });
    expect(await stored(refused)).toBeUndefined();

    blocked = false;
    const next = await send(smtp, list, { edition: testEdition("2024-06-21-test-digest", ["story-c"]) });
    expect(next).toMatchObject({ sent: 4, suppressed: 0 });
    expect(smtp.countsByRecipient().get(refused)).toBe(1);
  });
});
