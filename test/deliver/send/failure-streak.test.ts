// A streak of refusals pauses the run without writing off any reader of it (in flight
// included), while refusals that name a bad mailbox fail that reader and never pause.
// Against the real smtp-server, messages read back with postal-mime.
import { join } from "node:path";
import PostalMime from "postal-mime";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "../../../src/deliver/send/list-run.js";
import { exitCodeFor, formatReport } from "../../../src/deliver/send/report.js";
import { resolveSmtp } from "../../../src/deliver/send/smtp.js";
import { smtpMessenger } from "../../../src/deliver/send/messengers/index.js";
import type { SendLimits } from "../../../src/model.js";
import { personEmail, runTestList, testNewsletter, writeCsvList } from "../../support/edition.js";
import { tempDir } from "../../support/temp.js";
import { startSmtpServer, type Faults, type TestSmtpServer } from "../../support/smtp-server.js";

let dir: string;
const servers: TestSmtpServer[] = [];

beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(faults: Faults = {}): Promise<TestSmtpServer> {
  const server = await startSmtpServer(faults);
  servers.push(server);
  return server;
}

function send(smtp: TestSmtpServer, list: string, limits: Partial<SendLimits> = {}) {
  const all: SendLimits = { ...DEFAULT_LIMITS, concurrency: 8, retryBaseMs: 2, retryMaxMs: 20, ...limits };
  const newsletter = testNewsletter(join(dir, "state"), {
    messenger: () => smtpMessenger(resolveSmtp({ flag: smtp.url, env: {} }), { connections: all.concurrency }),
    limits: all,
  });
  return runTestList(newsletter, list);
}

describe("a server that refuses everyone (550 5.7.1, a blocklisting)", () => {
  it("pauses with exit 75, writing off nobody, in flight included; once fixed, everyone gets exactly one copy", async () => {
    let blocked = true;
    const smtp = await serve({ refuseRcpt: () => blocked, acceptDelayMs: 2 });
    const list = await writeCsvList(dir, 200);

    const paused = await send(smtp, list, { concurrency: 8 });
    expect(paused.outcome).toBe("paused");
    expect(paused.pausedReason).toMatch(/paused after 20 failures in a row \(last: 550 5\.7\.1/);
    expect(paused.failedCount).toBe(0);
    expect(paused.deferredCount).toBeGreaterThanOrEqual(20);
    expect(exitCodeFor(paused)).toBe(75);
    expect(formatReport(paused)).toContain("nobody was written off");

    blocked = false;
    const resumed = await send(smtp, list, { concurrency: 8 });
    expect(resumed).toMatchObject({ outcome: "sent", sent: 200, failedCount: 0, failedEarlier: 0, deferredCount: 0 });
    expect(exitCodeFor(resumed)).toBe(0);
    const counts = smtp.countsByRecipient();
    for (let i = 1; i <= 200; i++) expect([personEmail(i), counts.get(personEmail(i))]).toEqual([personEmail(i), 1]);
    expect(smtp.received).toHaveLength(200);
    const first = await PostalMime.parse(smtp.received[0]!.raw);
    expect(first.subject).toBe("Morning digest: two stories");
  });

  it("at concurrency 20 too, a new server reaches all of them on the next run", async () => {
    const blocking = await serve({ refuseRcpt: () => true });
    const list = await writeCsvList(dir, 200);
    const paused = await send(blocking, list, { concurrency: 20 });
    expect(paused).toMatchObject({ outcome: "paused", failedCount: 0, sent: 0 });

    const healthy = await serve();
    const resumed = await send(healthy, list, { concurrency: 20 });
    expect(resumed).toMatchObject({ outcome: "sent", sent: 200, failedEarlier: 0 });
    expect([...healthy.countsByRecipient().values()]).toEqual(Array(200).fill(1));
  });

  it("writes off a lone policy refusal once the server is seen delivering after it", async () => {
    const refused = personEmail(3);
    const smtp = await serve({ refuseRcpt: (to) => to === refused });
    const list = await writeCsvList(dir, 10);
    const report = await send(smtp, list, { concurrency: 1 });
    expect(report).toMatchObject({ outcome: "sent", sent: 9, failedCount: 1, deferredCount: 0 });
    expect(report.failed[0]).toMatchObject({ email: refused, code: 550, permanent: true });
    expect(exitCodeFor(report)).toBe(1);
  });
});

describe("dead addresses (550 5.1.1, no such mailbox)", () => {
  it("fail their readers for good without pausing, even 50 in a row at the head of the list", async () => {
    const dead = new Set(Array.from({ length: 50 }, (_, i) => personEmail(i + 1)));
    const smtp = await serve({ rejectPermanently: dead });
    const list = await writeCsvList(dir, 80);
    const report = await send(smtp, list, { concurrency: 8 });
    expect(report).toMatchObject({ outcome: "sent", sent: 30, failedCount: 50, deferredCount: 0 });
    expect(exitCodeFor(report)).toBe(1);
    expect(smtp.received).toHaveLength(30);

    // Nothing left to do: the next run neither stalls nor retries the dead addresses,
    // which the 5.1.1 put on the suppression list.
    const again = await send(smtp, list, { concurrency: 8 });
    expect(again).toMatchObject({ outcome: "already-sent", alreadySent: 30, failedEarlier: 0, suppressed: 50 });
    expect(smtp.received).toHaveLength(30);
  });
});
