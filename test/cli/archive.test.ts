// `news-digest archive --out DIR` in this process: the static archive from the state folder.
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeFile } from "node:fs/promises";
import { runCliInProcess as cli } from "../support/cli.js";
import { tempDir } from "../support/temp.js";
import { buildSeedEdition, newsroomConfig, recordTwoEditions } from "../app/archive/support.js";

describe("news-digest archive", () => {
  it("writes index.html, feed.xml and a folder per edition from the config's state folder", async () => {
    const dir = await tempDir("nd-cli-archive-");
    const config = newsroomConfig(join(dir, "state"));
    const [first, second] = await recordTwoEditions(await buildSeedEdition(config), config);
    await writeFile(join(dir, "news-digest.config.json"), JSON.stringify({ title: config.title, links: config.links, send: { stateDir: "state" } }));
    const { code, stdout, stderr } = await cli(["archive", "--out", "public"], { cwd: dir });
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toBe(`${join(dir, "public")}: 2 editions, index.html, feed.xml\n`);
    expect((await readdir(join(dir, "public"))).sort()).toEqual([first.editionId, second.editionId, "feed.xml", "index.html"].sort());
  });

  it("needs --out: one line, exit 2", async () => {
    const dir = await tempDir("nd-cli-archive-");
    expect(await cli(["archive"], { cwd: dir })).toEqual({ code: 2, stdout: "", stderr: "news-digest archive: --out DIR is required: where to write the archive\n" });
  });
});
