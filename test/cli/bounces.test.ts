// `news-digest bounces`: over a Maildir as a cron job runs it, and from standard input
// as a mail pipe does; in this process as the binary runs it.
import { copyFile, mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeEach, describe, expect, it } from "vitest";
import { runCliInProcess as cli } from "../support/cli.js";
import { HARBOUR_CONFIG } from "../support/harbour-config.js";
import { tempDir } from "../support/temp.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/bounces/", import.meta.url));

let dir: string;
const run = (argv: string[], stdin?: string) => cli(argv, { cwd: dir, env: {}, ...(stdin !== undefined ? { stdin } : {}) });
const suppressed = async () => (JSON.parse((await run(["suppressions", "--json"])).stdout) as { suppressions: { address: string }[] }).suppressions.map((s) => s.address);

beforeEach(async () => {
  dir = await tempDir("nd-cli-bounces-");
  await writeFile(join(dir, "news-digest.config.json"), JSON.stringify(HARBOUR_CONFIG));
});

/** A Maildir as a mail server leaves it: delivered messages in new/, read ones in cur/ with their flags. */
async function maildir(): Promise<string> {
  const box = join(dir, "Maildir");
  for (const sub of ["cur", "new", "tmp"]) await mkdir(join(box, sub), { recursive: true });
  await copyFile(join(FIXTURES, "postfix-hard-5.1.1.eml"), join(box, "cur", "1714975331.V801I2a.mx1:2,S"));
  await copyFile(join(FIXTURES, "foreign-5.1.1.eml"), join(box, "cur", "1714986760.V801I2b.mx1:2,S"));
  await copyFile(join(FIXTURES, "gmail-hard-5.1.1.eml"), join(box, "new", "1715086865.V801I2c.mx1"));
  await copyFile(join(FIXTURES, "delayed-4.2.2.eml"), join(box, "new", "1715162680.V801I2d.mx1"));
  await copyFile(join(FIXTURES, "auto-reply.eml"), join(box, "new", "1715162700.V801I2e.mx1"));
  // A delivery still being written: not a message yet.
  await writeFile(join(box, "tmp", "1715162800.V801I2f.mx1"), "Return-Path: <>\n");
  return box;
}

describe("news-digest bounces", () => {
  it("over a Maildir: one line per message, dead mailboxes suppressed, the Maildir left as it was", async () => {
    const box = await maildir();
    const before = await Promise.all(["cur", "new", "tmp"].map((sub) => readdir(join(box, sub))));
    const { code, stdout, stderr } = await run(["bounces", "Maildir"]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout.split("\n")).toEqual([
      expect.stringMatching(/^Maildir\/cur\/1714975331\.V801I2a\.mx1:2,S: suppressed ann\.reader@mail\.example\.net \(bounced 5\.1\.1: 550 5\.1\.1 /),
      "Maildir/cur/1714986760.V801I2b.mx1:2,S: ignored dana@mail.example.net (another list's message (List-Id classifieds.harbourtimes.example))",
      expect.stringMatching(/^Maildir\/new\/1715086865\.V801I2c\.mx1: suppressed bjorn\.k@gmail\.example \(bounced 5\.1\.1: 550-5\.1\.1 /),
      "Maildir/new/1715162680.V801I2d.mx1: soft bounce carla@fullbox.example (delayed 4.2.2, 1 of 3)",
      "Maildir/new/1715162700.V801I2e.mx1: ignored (not a delivery status notification)",
      "",
    ]);
    expect(await suppressed()).toEqual(["ann.reader@mail.example.net", "bjorn.k@gmail.example"]);
    expect(await Promise.all(["cur", "new", "tmp"].map((sub) => readdir(join(box, sub))))).toEqual(before);

    // The next cron run finds the same messages and changes nothing.
    const again = await run(["bounces", "Maildir", "--json"]);
    expect(again.code).toBe(0);
    const { outcomes } = JSON.parse(again.stdout) as { outcomes: { action: string }[] };
    expect(outcomes.map((o) => o.action)).toEqual(["already-processed", "ignored", "already-processed", "already-processed", "ignored"]);
    expect(await suppressed()).toEqual(["ann.reader@mail.example.net", "bjorn.k@gmail.example"]);
  });

  it("reads one message from standard input with -, as a mail pipe gives it", async () => {
    const message = await readFile(join(FIXTURES, "gmail-hard-5.1.1.eml"), "utf8");
    expect(await run(["bounces", "-"], message)).toMatchObject({ code: 0, stderr: "", stdout: expect.stringMatching(/^-: suppressed bjorn\.k@gmail\.example \(bounced 5\.1\.1/) });
    expect(await suppressed()).toEqual(["bjorn.k@gmail.example"]);
    expect(await run(["bounces", "-"], "From: someone@example.net\nSubject: hello\n\nhi\n")).toEqual({
      code: 0,
      stdout: "-: ignored (not a delivery status notification)\n",
      stderr: "",
    });
  });

  it("reads message files named one by one", async () => {
    const { code, stdout } = await run(["bounces", join(FIXTURES, "plain-reply.eml"), join(FIXTURES, "postfix-hard-5.1.1.eml")]);
    expect(code).toBe(0);
    expect(stdout.trimEnd().split("\n").map((line) => line.replace(FIXTURES, ""))).toEqual([
      "plain-reply.eml: ignored (not a delivery status notification)",
      expect.stringMatching(/^postfix-hard-5\.1\.1\.eml: suppressed ann\.reader@mail\.example\.net/),
    ]);
  });

  it("a state folder it cannot write is 75, so a mail pipe's server keeps the message and tries again", async () => {
    await writeFile(join(dir, "not-a-folder"), "");
    const message = await readFile(join(FIXTURES, "gmail-hard-5.1.1.eml"), "utf8");
    const { code, stdout, stderr } = await run(["bounces", "-", "--state", "not-a-folder"], message);
    expect({ code, stdout }).toEqual({ code: 75, stdout: "" });
    expect(stderr).toMatch(/^news-digest bounces: .*ENOTDIR.*; nothing is lost: run it again\n$/);
  });

  it("bad input: one line, exit 2, nothing read", async () => {
    await maildir();
    expect(await run(["bounces"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "news-digest bounces: give the bounce messages to read: message files, a Maildir, or - for standard input\n",
    });
    expect(await run(["bounces", "Maildir", "Maildri"])).toEqual({ code: 2, stdout: "", stderr: "news-digest bounces: Maildri: no such file or folder\n" });
    await mkdir(join(dir, "empty"));
    expect(await run(["bounces", "empty"])).toEqual({ code: 2, stdout: "", stderr: "news-digest bounces: empty: not a Maildir (no cur/ or new/) and no .eml files in it\n" });
    expect(await suppressed()).toEqual([]);
  });
});
