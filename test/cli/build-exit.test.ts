// `news-digest build` as a real child process: it must exit on its own, after a failure
// that comes before any MJML compile as much as after a full build. The MJML worker
// (src/mjml/worker.ts) is started early and must never keep the process alive by itself.
import { spawn } from "node:child_process";
import { appendFile, cp, readdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { tempDir } from "../support/temp.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
// Runs the TypeScript sources directly (no dist/ needed), as test/support/spawn-send.ts does.
const REGISTER = fileURLToPath(new URL("../support/ts-register.mjs", import.meta.url));
const MAIN = join(REPO, "src/cli/main.ts");
const FIXED = ["--date", "2024-06-20", "--now", "2024-06-20T07:00:00Z"];
/** A process still running after this long is taken to hang: it is killed and the test fails. */
const HANG_MS = 20_000;

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[]): Promise<Exit> {
  const child = spawn(process.execPath, ["--import", REGISTER, MAIN, "build", ...args], {
    cwd: REPO,
    env: { PATH: process.env.PATH },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const killer = setTimeout(() => child.kill("SIGKILL"), HANG_MS);
  return new Promise((resolve) =>
    child.on("close", (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr });
    }),
  );
}

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

  it("exits 1 after an invalid config file", async () => {
    const dir = await tempDir("nd-build-exit-");
    const config = join(dir, "bad.config.json");
    await appendFile(config, "{ not json");
    const result = await runCli(["--config", config, "--out", join(dir, "out"), ...FIXED]);
    expect(result.signal).toBeNull();
    expect(result.code).toBe(1);
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
