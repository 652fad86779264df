// Failures that concern the setup, not a reader (an untrusted certificate, a refused
// login, a refused sender), pause the run at once with one line saying which: no
// handshake per reader, nobody written off, exit 75.
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "../../../src/deliver/send/list-run.js";
import { exitCodeFor } from "../../../src/deliver/send/report.js";
import { resolveSmtp } from "../../../src/deliver/send/smtp.js";
import { smtpMessenger } from "../../../src/deliver/send/messengers/index.js";
import type { ListIdentity, SendLimits } from "../../../src/model.js";
import { identity, runTestList, testNewsletter, writeCsvList } from "../../support/edition.js";
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

const LIMITS: SendLimits = { ...DEFAULT_LIMITS, concurrency: 4, retries: 5, retryBaseMs: 50, retryMaxMs: 200 };

async function sendThrough(faults: Faults, url: (smtp: TestSmtpServer) => string, job: { identity?: ListIdentity } = {}) {
  server = await startSmtpServer(faults);
  const smtp = server;
  const list = await writeCsvList(dir, 100);
  const newsletter = testNewsletter(join(dir, "state"), {
    messenger: () => smtpMessenger(resolveSmtp({ flag: url(smtp), env: {} }), { connections: LIMITS.concurrency }),
    limits: LIMITS,
    ...job,
  });
  const report = await runTestList(newsletter, list);
  return { report, smtp };
}

describe("a setup failure pauses the run at once", () => {
  it("an untrusted (self-signed) certificate: at most one handshake per connection, not one per reader", async () => {
    const { report, smtp } = await sendThrough({ selfSignedTls: true }, (s) => s.url);
    expect(report.outcome).toBe("paused");
    expect(report.pausedReason).toMatch(/^TLS with the SMTP server failed \(/);
    // smtp-server's built-in certificate is self-signed and has expired: untrusted twice over.
    expect(report.pausedReason).toMatch(/certificate has expired|self[- ]signed/);
    expect(report).toMatchObject({ sent: 0, failedCount: 0 });
    expect(report.deferredCount).toBeLessThanOrEqual(LIMITS.concurrency);
    expect(smtp.stats.connections).toBeGreaterThanOrEqual(1);
    expect(smtp.stats.connections).toBeLessThanOrEqual(LIMITS.concurrency);
    expect(exitCodeFor(report)).toBe(75);
  });

  it("a refused login (535)", async () => {
    const { report, smtp } = await sendThrough({ acceptAuth: true, rejectAuth: true }, (s) => s.url.replace("smtp://", "smtp://desk:wrong@"));
    expect(report.outcome).toBe("paused");
    expect(report.pausedReason).toMatch(/^the SMTP server refused the login \(.*535/);
    expect(report).toMatchObject({ sent: 0, failedCount: 0 });
    expect(smtp.logins.length).toBeLessThanOrEqual(LIMITS.concurrency);
    expect(exitCodeFor(report)).toBe(75);
  });

  it("a refused sender (550 to MAIL FROM)", async () => {
    const { report, smtp } = await sendThrough({ rejectSenders: new Set(["blocked@news.example.com"]) }, (s) => s.url, {
      identity: { ...identity, from: "Test <blocked@news.example.com>" },
    });
    expect(report.outcome).toBe("paused");
    expect(report.pausedReason).toMatch(/^the SMTP server refused the sender address, the config's "from" \(550 5\.7\.1 sender not allowed\)/);
    expect(report).toMatchObject({ sent: 0, failedCount: 0 });
    expect(smtp.stats.rcpt).toBe(0);
    expect(exitCodeFor(report)).toBe(75);
  });
});
