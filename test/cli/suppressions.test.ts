// `news-digest suppressions`: list, add and remove, in this process as the binary runs it.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { runCliInProcess as cli } from "../support/cli.js";
import { HARBOUR_CONFIG } from "../support/harbour-config.js";
import { tempDir } from "../support/temp.js";


let dir: string;
const run = (...argv: string[]) => cli(["suppressions", ...argv], { cwd: dir, env: {} });

beforeEach(async () => {
  dir = await tempDir("nd-cli-suppressions-");
  await writeFile(join(dir, "news-digest.config.json"), JSON.stringify(HARBOUR_CONFIG));
});

describe("news-digest suppressions", () => {
  it("adds, lists (as a table and as JSON) and removes", async () => {
    expect(await run("add", "Ann@Example.org", "--reason", "unsubscribed", "--edition", "2024-05-06")).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^suppressed Ann@Example\.org \(unsubscribed since \d{4}-\d\d-\d\dT[\d:.]+Z\)\n$/),
    });
    expect((await run("add", "bob@example.org")).code).toBe(0);

    const table = await run();
    expect(table.code).toBe(0);
    const rows = table.stdout.trimEnd().split("\n");
    expect(rows[0]).toMatch(/^ADDRESS +REASON +WHEN +EDITION +DETAIL$/);
    expect(rows[1]).toMatch(/^Ann@Example\.org +unsubscribed +\S+Z +2024-05-06 +-$/);
    expect(rows[2]).toMatch(/^bob@example\.org +manual +\S+Z +- +-$/);

    const json = JSON.parse((await run("--json")).stdout) as { listId: string; file: string; suppressions: unknown[] };
    expect(json.listId).toBe("morning.harbourtimes.example");
    expect(json.file).toBe(join(dir, "state", "morning.harbourtimes.example", "suppressions.jsonl"));
    expect(json.suppressions).toEqual([
      { address: "Ann@Example.org", reason: "unsubscribed", at: expect.any(String), editionId: "2024-05-06" },
      { address: "bob@example.org", reason: "manual", at: expect.any(String) },
    ]);

    expect(await run("remove", "ann@example.org")).toMatchObject({ code: 0, stdout: expect.stringMatching(/^lifted Ann@Example\.org \(was unsubscribed since /) });
    expect(await run("remove", "ann@example.org")).toMatchObject({ code: 0, stdout: "", stderr: "ann@example.org is not suppressed: nothing to lift\n" });
    expect(JSON.parse((await run("--json")).stdout).suppressions).toHaveLength(1);
  });

  it("says so on stderr when the list is empty", async () => {
    expect(await run()).toEqual({ code: 0, stdout: "", stderr: "no suppressed addresses for morning.harbourtimes.example\n" });
  });

  it.each([
    [["add", "not-an-address"], 'news-digest suppressions: "not-an-address" has no @\n'],
    [["add", "ann@example.org", "--reason", "bored"], 'news-digest suppressions: --reason "bored": expected one of unsubscribed, bounced, complained, manual\n'],
    [["add"], "news-digest suppressions: add needs an address: suppressions add ADDRESS\n"],
    [["purge", "ann@example.org"], 'news-digest suppressions: unknown command "purge": expected add or remove\n'],
    [["remove", "ann@example.org", "bob@example.org"], 'news-digest suppressions: unexpected argument "bob@example.org"\n'],
    [["remove", "ann@example.org", "--reason", "manual"], "news-digest suppressions: --reason goes with add\n"],
  ])("bad input %j: one line, exit 2", async (argv, stderr) => {
    expect(await run(...argv)).toEqual({ code: 2, stdout: "", stderr });
  });
});
