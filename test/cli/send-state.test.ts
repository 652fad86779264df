// Who already has an edition is a fact about the newsletter and the reader, not about the
// list file: copying it, hard-linking it, running from elsewhere, or the same reader on a
// second list must not send anyone a second copy; state from the previous layout counts.
import { createHash } from "node:crypto";
import { copyFile, link, mkdir, realpath, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { sendCommand } from "../../src/cli/send.js";
import { runCommand } from "../support/cli.js";
import { personEmail, TOKEN_KEY, writeCsvList } from "../support/edition.js";
import { writeSendInputs } from "../support/send-inputs.js";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp-server.js";
import { runCliProcess } from "../support/spawn.js";
import { tempDir } from "../support/temp.js";

const ENV = { NEWS_DIGEST_TOKEN_KEY: TOKEN_KEY };
const runSendCli = (args: string[]) => runCommand(sendCommand, args, { env: ENV });

let server: TestSmtpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Every reader got exactly one copy. */
function expectOneCopyEach(smtp: TestSmtpServer, readers: number): void {
  const counts = smtp.countsByRecipient();
  expect(counts.size).toBe(readers);
  expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
}

describe("send state is keyed by edition and reader, not by the list file", () => {
  it("a copied list file, and a hard link to it, send nobody a second copy", async () => {
    server = await startSmtpServer();
    const dir = await tempDir();
    const list = await writeCsvList(dir, 20, [], "subscribers.csv");
    const inputs = await writeSendInputs(dir);
    const args = (file: string) => ["--list", file, "--edition", inputs.edition, "--config", inputs.config, "--smtp", server!.url, "--json"];
    expect((await runSendCli(args(list))).code).toBe(0);

    await mkdir(join(dir, "copy"));
    const copied = join(dir, "copy", "subscribers.csv");
    await copyFile(list, copied);
    const fromCopy = await runSendCli(args(copied));
    expect(fromCopy.code, fromCopy.stderr).toBe(0);
    expect(JSON.parse(fromCopy.stdout)).toMatchObject({ outcome: "already-sent", sent: 0, alreadySent: 20 });

    const linked = join(dir, "linked.csv");
    await link(list, linked);
    const fromLink = await runSendCli(args(linked));
    expect(JSON.parse(fromLink.stdout)).toMatchObject({ outcome: "already-sent", sent: 0, alreadySent: 20 });
    expectOneCopyEach(server, 20);
  });

  it("the same reader on two lists of one newsletter gets one copy of an edition", async () => {
    server = await startSmtpServer();
    const dir = await tempDir();
    const first = await writeCsvList(dir, 10, [], "morning.csv");
    // Readers 6-10 are on both lists, one of them spelled in capitals.
    const rows = ["email,name", ...[6, 7, 8, 9, 11, 12, 13].map((i) => `${personEmail(i)},P${i}`), `${personEmail(10).toUpperCase()},P10`];
    const second = join(dir, "weekend.csv");
    await writeFile(second, rows.join("\n") + "\n");
    const inputs = await writeSendInputs(dir);
    const args = (file: string) => ["--list", file, "--edition", inputs.edition, "--config", inputs.config, "--smtp", server!.url, "--json"];
    expect((await runSendCli(args(first))).code).toBe(0);
    const run = await runSendCli(args(second));
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ list: "weekend.csv", sent: 3, alreadySent: 5, recipients: 8 });
    expectOneCopyEach(server, 13);
  });

  it("a run from another directory finds the state the config names, relative to the config file", async () => {
    server = await startSmtpServer();
    const dir = await tempDir();
    const list = await writeCsvList(dir, 20, [], "subscribers.csv");
    // stateDir as most configs write it: relative.
    const inputs = await writeSendInputs(dir, { stateDir: "state" });
    const elsewhere = await tempDir();
    const args = ["send", "--list", list, "--edition", inputs.edition, "--config", inputs.config, "--smtp", server.url, "--json"];
    const first = await runCliProcess(args, { cwd: dir, env: ENV });
    expect(first.code, first.stderr).toBe(0);
    const second = await runCliProcess(args, { cwd: elsewhere, env: ENV });
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ outcome: "already-sent", sent: 0, alreadySent: 20 });
    expectOneCopyEach(server, 20);
  }, 30_000);

  it("honours state in the previous layout: readers it confirmed are not sent again", async () => {
    server = await startSmtpServer();
    const dir = await tempDir();
    const list = await writeCsvList(dir, 6, [], "subscribers.csv");
    const inputs = await writeSendInputs(dir);
    // What the previous version left: <stateDir>/<List-Id>--<file name>-<hash of its real path>/.
    const hash = createHash("sha256").update(await realpath(list)).digest("hex").slice(0, 8);
    const old = join(inputs.stateDir, `cli-digest.news.test-newsroom.org--subscribers-${hash}`);
    await mkdir(old, { recursive: true });
    const records = [
      { ev: "run", run: 1, round: 0, at: "2024-06-20T06:00:00Z", pid: 1, stories: ["story-a"] },
      ...[1, 2, 3].flatMap((i) => [{ ev: "try", to: personEmail(i), line: i + 1 }, { ev: "sent", to: personEmail(i) }]),
      { ev: "try", to: personEmail(4), line: 5 },
      { ev: "end", run: 1, sent: 3, failed: 0 },
    ];
    await writeFile(join(old, "2024-06-20-cli-digest.log"), records.map((r) => JSON.stringify(r) + "\n").join(""));
    await writeFile(join(old, "editions.jsonl"), JSON.stringify({ edition: "2024-06-20-cli-digest", stories: ["story-a"], at: "2024-06-20T06:00:00Z" }) + "\n");

    const run = await runSendCli(["--list", list, "--edition", inputs.edition, "--config", inputs.config, "--smtp", server.url, "--json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ outcome: "sent", sent: 3, alreadySent: 3, uncertain: 1 });
    expect(server.received.map((m) => m.recipients[0]).sort()).toEqual([4, 5, 6].map(personEmail));
    // And once carried over, the new ledger alone holds it.
    const again = await runSendCli(["--list", list, "--edition", inputs.edition, "--config", inputs.config, "--smtp", server.url, "--json"]);
    expect(JSON.parse(again.stdout)).toMatchObject({ outcome: "already-sent", alreadySent: 6 });
  });
});
