// `news-digest send` as a scheduler runs it: flags, config, environment, exit codes, and
// what it prints. In this process, with an environment of the test's own: nothing comes
// from the developer's shell (test/deliver/send/crash.test.ts kills a real process).
import { readdir, writeFile } from "node:fs/promises";
import { networkInterfaces } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import PostalMime from "postal-mime";
import { afterEach, describe, expect, it } from "vitest";
import { sendCommand } from "../../src/cli/send.js";
import { runCommand } from "../support/cli.js";
import { TOKEN_KEY, writeCsvList } from "../support/edition.js";
import { writeSendInputs } from "../support/send-inputs.js";
import { startSmtpServer, type Faults, type TestSmtpServer } from "../support/smtp-server.js";
import { tempDir } from "../support/temp.js";

/** `news-digest send ...args` with the unsubscribe key set and nothing else in the environment. */
const runSendCli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCommand(sendCommand, args, { env: { NEWS_DIGEST_TOKEN_KEY: TOKEN_KEY, ...env } });

let servers: TestSmtpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function serve(faults: Faults = {}): Promise<TestSmtpServer> {
  const server = await startSmtpServer(faults);
  servers.push(server);
  return server;
}

/** An address of this machine that is not loopback, if it has one. */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === "IPv4" && !i.internal)?.address;

describe("news-digest send", () => {
  it("never prints the SMTP password, and exits 1 when a recipient failed permanently", async () => {
    const smtp = await serve({ acceptAuth: true, rejectPermanently: new Set(["person0002@example.org"]) });
    const dir = await tempDir();
    const list = await writeCsvList(dir, 3);
    const inputs = await writeSendInputs(dir);
    const secret = "hunter2/s3cr3t";
    const url = `smtp://newsroom:${encodeURIComponent(secret)}@127.0.0.1:${smtp.port}`;
    const run = await runSendCli(["--list", list, "--edition", inputs.edition, "--config", inputs.config, "--smtp", url]);

    expect(run.code).toBe(1);
    expect(smtp.logins).toContain(`newsroom:${secret}`);
    const printed = run.stdout + run.stderr;
    expect(printed).toContain(`smtp://newsroom:***@127.0.0.1:${smtp.port}`);
    expect(printed).not.toContain(secret);
    expect(printed).not.toContain(encodeURIComponent(secret));
    expect(run.stdout).toMatch(/sent:\s+2\n\s+failed:\s+1\n\s+person0002@example\.org \(line 3\): 550 5\.1\.1 mailbox unavailable/);

    // Nor when the url is broken, nor in the JSON report.
    const broken = await runSendCli(["--list", list, "--edition", inputs.edition, "--config", inputs.config, "--smtp", `smtp://newsroom:${secret}@127.0.0.1:notaport`]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain("is not a url");
    expect(broken.stderr + broken.stdout).not.toContain("s3cr3t");
    const json = await runSendCli(["--list", list, "--edition", inputs.edition, "--config", inputs.config, "--json"], { SMTP_URL: url });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ outcome: "already-sent", alreadySent: 2, failedEarlier: 0, suppressed: 1 }); // the 5.1.1 suppressed it
    expect(json.stdout + json.stderr).not.toContain("s3cr3t");
  });

  it("--test sends one copy marked as a test, outside the send log", async () => {
    const smtp = await serve();
    const dir = await tempDir();
    const list = await writeCsvList(dir, 2);
    const inputs = await writeSendInputs(dir);
    const run = await runSendCli(["--test", "editor@example.org", "--edition", inputs.edition, "--config", inputs.config, "--smtp", smtp.url]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("test copy of 2024-06-20-cli-digest sent to editor@example.org");
    expect(smtp.received).toHaveLength(1);
    const email = await PostalMime.parse(smtp.received[0]!.raw);
    expect(email.subject).toBe("[TEST] CLI digest");
    expect(email.headers.find((h) => h.key === "x-news-digest-test")?.value).toBe("yes");
    expect(email.text).toContain("Hello Test Reader");
    expect(email.messageId).toMatch(/\.test-/);
    await expect(readdir(inputs.stateDir)).rejects.toThrow(); // no send state at all

    const real = await runSendCli(["--list", list, "--edition", inputs.edition, "--config", inputs.config, "--smtp", smtp.url]);
    expect(real.code).toBe(0);
    expect(smtp.countsByRecipient().get("person0001@example.org")).toBe(1);
    expect(smtp.received).toHaveLength(3);
  });

  it("--dry-run checks every message and the list without connecting or recording", async () => {
    const dir = await tempDir();
    const list = await writeCsvList(dir, 4, ["not an address,Nobody"]);
    const inputs = await writeSendInputs(dir);
    // Port 9 (discard) on loopback: nothing listens; a connection attempt would fail the run.
    const run = await runSendCli(["--list", list, "--edition", inputs.edition, "--config", inputs.config, "--smtp", "smtp://127.0.0.1:9", "--dry-run"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("dry run, nothing sent");
    expect(run.stdout).toMatch(/would send:\s+4/);
    expect(run.stdout).toMatch(/invalid:\s+1\n\s+line 6: "not an address"/);
    await expect(readdir(inputs.stateDir)).rejects.toThrow();

    // Or straight from stories, built as `build` builds them.
    const seeds = fileURLToPath(new URL("../../seeds", import.meta.url));
    const built = await runSendCli(["--list", list, "--stories", seeds, "--config", inputs.config, "--dry-run", "--json"]);
    expect(built.code, built.stderr).toBe(0);
    expect(JSON.parse(built.stdout)).toMatchObject({ outcome: "dry-run", wouldSend: 4, edition: expect.stringMatching(/-cli-digest$/) });
  });

  it("exits 2 with a one-line reason for bad input", async () => {
    const dir = await tempDir();
    const inputs = await writeSendInputs(dir);
    const noKey = await runSendCli(["--list", "x.csv", "--edition", inputs.edition, "--config", inputs.config], { NEWS_DIGEST_TOKEN_KEY: "" });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain("NEWS_DIGEST_TOKEN_KEY is not set");

    const noEmail = join(dir, "people.csv");
    await writeFile(noEmail, "name,city\nAnn,Leeds\n");
    const badList = await runSendCli(["--list", noEmail, "--edition", inputs.edition, "--config", inputs.config, "--dry-run"]);
    expect(badList.code).toBe(2);
    expect(badList.stderr).toContain(`${noEmail}:1: expected a header row with an "email" column`);

  });

  it.skipIf(lanAddress === undefined)("requires STARTTLS for a host that is not loopback, unless the config allows plain SMTP", async () => {
    // The test server offers no STARTTLS; reached through a non-loopback address it must be refused.
    const smtp = await serve({ host: "0.0.0.0" });
    const dir = await tempDir();
    const list = await writeCsvList(dir, 3);
    const strict = await writeSendInputs(dir);
    const url = `smtp://${lanAddress}:${smtp.port}`;
    const refused = await runSendCli(["--list", list, "--edition", strict.edition, "--config", strict.config, "--smtp", url]);
    expect(refused.code).toBe(75);
    expect(refused.stdout).toContain("PAUSED: TLS with the SMTP server failed");
    expect(refused.stdout).toMatch(/STARTTLS|TLS/);
    expect(smtp.received).toHaveLength(0);

    const lenient = await writeSendInputs(dir, { allowInsecure: true });
    const allowed = await runSendCli(["--list", list, "--edition", lenient.edition, "--config", lenient.config, "--smtp", url]);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(smtp.received).toHaveLength(3);
  });
});

describe("news-digest send with the config's placeholder sender and links", () => {
  it("refuses a real send with exit 2 and one line naming the keys, sending nothing; --dry-run still works", async () => {
    const smtp = await serve();
    const dir = await tempDir();
    const list = await writeCsvList(dir, 3);
    const inputs = await writeSendInputs(dir);
    // The config as `init` leaves it: no from, no links, so the example.com defaults.
    await writeFile(inputs.config, JSON.stringify({ send: { stateDir: inputs.stateDir } }));

    const real = await runSendCli(["--list", list, "--edition", inputs.edition, "--config", inputs.config, "--smtp", smtp.url]);
    expect(real.code).toBe(2);
    expect(real.stderr).toMatch(/^news-digest send: refusing to send to readers while the config holds placeholder addresses: set from \(News Digest <digest@example\.com>\), links\.site .*links\.unsubscribeBase .*links\.viewInBrowserBase [^\n]*\n$/);
    expect(smtp.received).toHaveLength(0);

    const dry = await runSendCli(["--list", list, "--edition", inputs.edition, "--config", inputs.config, "--dry-run", "--json"]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ outcome: "dry-run", wouldSend: 3 });
  });
});
