// What the operator is told: input errors are input errors (exit 2), not pauses; --force
// says it sends again; --dry-run says who would get the edition; lists are named as the
// user named them.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { editionsCommand } from "../../src/cli/editions.js";
import { sendCommand } from "../../src/cli/send.js";
import { listIdentityFrom, loadConfig } from "../../src/config/index.js";
import { openSuppressions } from "../../src/deliver/suppressions/index.js";
import { runCommand } from "../support/cli.js";
import { personEmail, TOKEN_KEY, writeCsvList } from "../support/edition.js";
import { writeSendInputs } from "../support/send-inputs.js";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp-server.js";
import { tempDir } from "../support/temp.js";

const runSendCli = (args: string[]) => runCommand(sendCommand, args, { env: { NEWS_DIGEST_TOKEN_KEY: TOKEN_KEY } });

let server: TestSmtpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("send: input errors", () => {
  it("a missing list is bad input (exit 2), not a pause", async () => {
    server = await startSmtpServer();
    const dir = await tempDir();
    const inputs = await writeSendInputs(dir);
    const run = await runSendCli(["--list", join(dir, "nope.csv"), "--edition", inputs.edition, "--config", inputs.config, "--smtp", server.url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("nope.csv: cannot read the subscriber list (ENOENT)");
    expect(run.stderr + run.stdout).not.toMatch(/pause/i);
    expect(server.received).toHaveLength(0);
  });

  it("a CSV without an email column is bad input (exit 2), not a pause", async () => {
    server = await startSmtpServer();
    const dir = await tempDir();
    const list = join(dir, "people.csv");
    await writeFile(list, "name,city\nAnn,Leeds\n");
    const inputs = await writeSendInputs(dir);
    const run = await runSendCli(["--list", list, "--edition", inputs.edition, "--config", inputs.config, "--smtp", server.url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('people.csv:1: expected a header row with an "email" column');
    expect(run.stderr + run.stdout).not.toMatch(/pause/i);
  });
});

describe("send: what it says", () => {
  it("--force says it sends to everyone again, not that it resumes", async () => {
    server = await startSmtpServer();
    const dir = await tempDir();
    const list = await writeCsvList(dir, 3);
    const inputs = await writeSendInputs(dir);
    const args = ["--list", list, "--edition", inputs.edition, "--config", inputs.config, "--smtp", server.url];
    expect((await runSendCli(args)).code).toBe(0);
    const forced = await runSendCli([...args, "--force"]);
    expect(forced.code).toBe(0);
    expect(forced.stderr).not.toContain("resuming");
    expect(forced.stderr).toContain("--force: round 2: sending to everyone on the list again");
    expect(server.received).toHaveLength(6);
  });

  it("--dry-run lists who would get the edition: all of them with --json, the first 20 and the count on a terminal", async () => {
    const dir = await tempDir();
    const list = await writeCsvList(dir, 25, [], "subscribers.csv");
    const inputs = await writeSendInputs(dir);
    const args = ["--list", list, "--edition", inputs.edition, "--config", inputs.config, "--dry-run"];
    const json = await runSendCli([...args, "--json"]);
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as { outcome: string; wouldSend: number; wouldSendTo: string[]; list: string };
    expect(report).toMatchObject({ outcome: "dry-run", wouldSend: 25, list: "subscribers.csv" });
    expect(report.wouldSendTo).toEqual(Array.from({ length: 25 }, (_, i) => personEmail(i + 1)));

    const text = await runSendCli(args);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("edition 2024-06-20-cli-digest to list subscribers.csv: dry run, nothing sent");
    expect(text.stdout).toContain(`would send:          25\n    ${personEmail(1)}\n`);
    expect(text.stdout).toContain(`    ${personEmail(20)}\n    ... and 5 more`);
    expect(text.stdout).not.toContain(personEmail(21));
  });

  it("--dry-run lists the suppressed readers it skips: all of them with --json, the first 20 and the count on a terminal", async () => {
    const dir = await tempDir();
    const list = await writeCsvList(dir, 25, [], "subscribers.csv");
    const inputs = await writeSendInputs(dir);
    const { config } = await loadConfig(inputs.config);
    const store = await openSuppressions(inputs.stateDir, listIdentityFrom(config).listId);
    for (let i = 2; i <= 23; i++) await store.add({ address: personEmail(i), reason: i === 2 ? "bounced" : "unsubscribed" });
    await store.close();
    const args = ["--list", list, "--edition", inputs.edition, "--config", inputs.config, "--dry-run"];

    const json = await runSendCli([...args, "--json"]);
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as { wouldSendTo: string[]; suppressed: number; suppressedAddresses: string[] };
    expect(report.wouldSendTo).toEqual([personEmail(1), personEmail(24), personEmail(25)]);
    expect(report.suppressed).toBe(22);
    expect(report.suppressedAddresses).toEqual(Array.from({ length: 22 }, (_, i) => personEmail(i + 2)));

    const text = await runSendCli(args);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`not sent (suppressed): 22\n    ${personEmail(2)}\n`);
    expect(text.stdout).toContain(`    ${personEmail(21)}\n    ... and 2 more`);
    expect(text.stdout).not.toContain(personEmail(22));
  });

  it("reports and `editions` name the list as the user named it: the config's name, else the file name", async () => {
    server = await startSmtpServer();
    const dir = await tempDir();
    const list = await writeCsvList(dir, 2, [], "subscribers.csv");
    const inputs = await writeSendInputs(dir, { lists: { morning: "subscribers.csv" } });
    const byName = await runSendCli(["--list", "morning", "--edition", inputs.edition, "--config", inputs.config, "--smtp", server.url]);
    expect(byName.code, byName.stderr).toBe(0);
    expect(byName.stdout).toContain("edition 2024-06-20-cli-digest to list morning: done");
    // The file the config names is that list, by whatever path it is given.
    const byFile = await runSendCli(["--list", list, "--edition", inputs.edition, "--config", inputs.config, "--smtp", server.url]);
    expect(byFile.stdout).toContain("to list morning: already sent to 2 of 2");

    const editions = await runCommand(editionsCommand, ["--config", inputs.config]);
    expect(editions.code).toBe(0);
    expect(editions.stdout).toMatch(/^morning\n  2024-06-20-cli-digest/);
    expect(editions.stdout).not.toMatch(/--|[0-9a-f]{8}/);
  });

  it("`editions --list` with a list that does not exist is bad input (exit 2)", async () => {
    const dir = await tempDir();
    const inputs = await writeSendInputs(dir);
    const run = await runCommand(editionsCommand, ["--config", inputs.config, "--list", join(dir, "nope.csv")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("nope.csv");
  });
});
