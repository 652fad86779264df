// `news-digest build` as a real child process: it must exit on its own, after a failure
// that comes before any MJML compile as much as after a full build. The MJML worker
// (src/mjml/worker.ts) is started early and must never keep the process alive by itself.
import { appendFile, cp, readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HANG_MS, REPO, runCliProcess } from "../support/spawn.js";
import { tempDir } from "../support/temp.js";

const FIXED = ["--date", "2024-06-20", "--now", "2024-06-20T07:00:00Z"];

const runCli = (args: string[]) => runCliProcess(["build", ...args]);

describe("news-digest build exits on its own", () => {
  it("exits 1 after a Handlebars syntax error in a partial, naming the partial", async () => {
    const dir = await tempDir("nd-build-exit-");
    const templates = join(dir, "templates");
    await cp(join(REPO, "templates"), templates, { recursive: true });
    await appendFile(join(templates, "partials/header.mjml"), "\n{{#if edition.title}}\n<mj-section></mj-section>\n");
    const result = await runCli(["--templates", templates, "--out", join(dir, "out"), ...FIXED]);
    expect(result.signal).toBeNull();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("header.mjml");
  }, HANG_MS + 10_000);

  it("exits 2 after an invalid config file", async () => {
    const dir = await tempDir("nd-build-exit-");
    const config = join(dir, "bad.config.json");
    await appendFile(config, "{ not json");
    const result = await runCli(["--config", config, "--out", join(dir, "out"), ...FIXED]);
    expect(result.signal).toBeNull();
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("bad.config.json");
  }, HANG_MS + 10_000);

  it("exits 0 after a successful build, with the files written", async () => {
    const dir = await tempDir("nd-build-exit-");
    const out = join(dir, "out");
    const result = await runCli(["--out", out, ...FIXED]);
    expect(result.signal).toBeNull();
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect((await readdir(join(out, "2024-06-20-news-digest"))).sort()).toContain("index.html");
  }, HANG_MS + 10_000);
});
