// kill -9 in the middle of a send, then the same command again: nobody is skipped,
// duplicates stay within the messages that were in flight, and the report says so.
import { afterEach, expect, it } from "vitest";
import { personEmail, TOKEN_KEY, writeCsvList } from "../../support/edition.js";
import { tempDir } from "../../support/temp.js";
import { startSmtpServer, type TestSmtpServer } from "../../support/smtp-server.js";
import { writeSendInputs } from "../../support/send-inputs.js";
import { runCliInProcess } from "../../support/cli.js";
import { spawnCli } from "../../support/spawn.js";

// `news-digest send` as a real process (the compiled binary), so that it can be killed.
// The runs after it are the same command in this process: only the killed run needs a
// process of its own, and what the next run finds is what that process left on disk.
const ENV = { NEWS_DIGEST_TOKEN_KEY: TOKEN_KEY };
const spawnSend = (args: string[]) => spawnCli(["send", ...args], { env: ENV });
const runSendCli = (args: string[]) => runCliInProcess(["send", ...args], { env: { ...ENV } });

const RECIPIENTS = 2000;
const CONCURRENCY = 8;

let server: TestSmtpServer | undefined;
afterEach(async () => {
  await server?.close();
});

it(
  "after SIGKILL midway through 2,000 recipients, a re-run reaches everyone with duplicates <= 2 x concurrency, reported as uncertain",
  async () => {
    // A short pause before each "250 OK" keeps several messages in flight at the kill.
    server = await startSmtpServer({ acceptDelayMs: 4 });
    const dir = await tempDir();
    const list = await writeCsvList(dir, RECIPIENTS);
    const inputs = await writeSendInputs(dir, { concurrency: CONCURRENCY });
    const args = ["--list", list, "--edition", inputs.edition, "--config", inputs.config, "--smtp", server.url];

    const first = spawnSend(args);
    const killedAt = await new Promise<number>((resolve, reject) => {
      const timer = setInterval(() => {
        if (server!.received.length >= RECIPIENTS / 4) {
          clearInterval(timer);
          first.child.kill("SIGKILL");
          resolve(server!.received.length);
        }
      }, 2);
      void first.exited.then(({ code }) => {
        clearInterval(timer);
        reject(new Error(`the sender finished (exit ${code}) before it could be killed:\n${first.stderr()}`));
      });
    });
    expect((await first.exited).signal).toBe("SIGKILL");
    const beforeRerun = server.received.length;
    expect(beforeRerun).toBeLessThan(RECIPIENTS);
    expect(beforeRerun).toBeGreaterThanOrEqual(killedAt);

    const second = await runSendCli([...args, "--json"]);
    expect(second.code, second.stderr).toBe(0);
    const report = JSON.parse(second.stdout) as Record<string, unknown>;

    const counts = server.countsByRecipient();
    let duplicates = 0;
    for (let i = 1; i <= RECIPIENTS; i++) {
      const n = counts.get(personEmail(i)) ?? 0;
      expect([personEmail(i), n >= 1]).toEqual([personEmail(i), true]);
      duplicates += n - 1;
    }
    expect(counts.size).toBe(RECIPIENTS);
    // Per connection: the message on the wire, and the one before it whose "sent" record
    // was still being flushed (each connection claims ahead: see ListRun.sender).
    expect(duplicates).toBeLessThanOrEqual(2 * CONCURRENCY);
    expect(report).toMatchObject({ outcome: "sent", interrupted: true, recipients: RECIPIENTS, failedCount: 0 });
    // Everyone the first run confirmed is skipped; only the uncertain ones are sent twice.
    expect(report.uncertain).toBeGreaterThanOrEqual(duplicates);
    expect(report.uncertain).toBeLessThanOrEqual(2 * CONCURRENCY);
    expect((report.alreadySent as number) + (report.sent as number)).toBe(RECIPIENTS);
    expect(second.stderr).toMatch(/previous run was interrupted: \d+ message\(s\) were in flight/);

    const third = await runSendCli(args);
    expect(third.code).toBe(0);
    expect(third.stdout).toContain(`already sent to 2,000 of 2,000`);
  },
  120_000,
);

it("SIGTERM stops at a safe point: messages in flight finish and are recorded, nothing is uncertain, exit 75", async () => {
  server = await startSmtpServer({ acceptDelayMs: 20 });
  const dir = await tempDir();
  const list = await writeCsvList(dir, 300);
  const inputs = await writeSendInputs(dir, { concurrency: 4 });
  const args = ["--list", list, "--edition", inputs.edition, "--config", inputs.config, "--smtp", server.url, "--json"];

  const first = spawnSend(args);
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (server!.received.length >= 20) {
        clearInterval(timer);
        first.child.kill("SIGTERM");
        resolve();
      }
    }, 2);
    void first.exited.then(() => reject(new Error(`finished before SIGTERM:\n${first.stderr()}`)));
  });
  const { code } = await first.exited;
  expect(code).toBe(75);
  const stopped = JSON.parse(first.stdout()) as Record<string, unknown>;
  expect(stopped).toMatchObject({ outcome: "paused", pausedReason: expect.stringContaining("interrupted") });
  expect(stopped.sent).toBe(server.received.length);
  expect(stopped.sent as number).toBeLessThan(300);

  const second = await runSendCli(args);
  expect(second.code).toBe(0);
  expect(JSON.parse(second.stdout)).toMatchObject({ outcome: "sent", uncertain: 0, interrupted: false, alreadySent: stopped.sent });
  expect([...server.countsByRecipient().values()].every((n) => n === 1)).toBe(true);
  expect(server.countsByRecipient().size).toBe(300);
});
