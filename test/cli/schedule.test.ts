// `news-digest schedule` as a process: it runs in the foreground, logs one line per
// run on stdout, and stops cleanly on SIGTERM. Runs the TypeScript CLI in a child
// process (see support/ts-register.mjs).
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { runSchedule } from "../../src/cli/schedule.js";
import { NEWSROOM } from "../support/edition.js";

const ROOT = resolve(import.meta.dirname, "../..");
const CLI = [join(ROOT, "src/cli/main.ts")];
const NODE_ARGS = ["--import", join(ROOT, "test/support/ts-register.mjs")];
const ENV = { ...process.env, NEWS_DIGEST_TOKEN_KEY: "schedule-cli-key-0123456789", SMTP_URL: "" };

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "nd-schedule-cli-"));
  mkdirSync(join(dir, "stories"));
  writeFileSync(join(dir, "list.csv"), "email\nann@example.org\n");
  writeFileSync(join(dir, "news-digest.config.json"), JSON.stringify({ ...NEWSROOM, sources: ["stories"], send: { smtp: "smtp://127.0.0.1:2525", stateDir: "state" } }));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("news-digest schedule (process)", () => {
  it("logs one line per run and stops cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, [...NODE_ARGS, ...CLI, "schedule", "--cron", "* * * * * *", "--tz", "Europe/London", "--list", "list.csv"], {
      cwd: dir,
      env: ENV,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
    try {
      await new Promise<void>((done, fail) => {
        child.stdout.on("data", (chunk) => {
          stdout += chunk;
          if (stdout.includes("\n")) done();
        });
        child.on("exit", () => fail(new Error(`exited early: ${stderr}`)));
      });
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      child.kill("SIGKILL");
    }
    expect(stderr).toMatch(/news-digest schedule: "\* \* \* \* \* \*" in Europe\/London for list\.csv; next run /);
    expect(stderr).toMatch(/SIGTERM: no new runs.*\n.*stopped\n$/);
    const first = stdout.split("\n")[0];
    expect(first).toMatch(/^\d{4}-\d{2}-\d{2}T\S+Z list\.csv: nothing new since the last 24 h; nothing built or sent; 1 source problem \(see above\) \[\d+ ms\]$/);
  });

  it("refuses a bad pattern or a missing list with a one-line reason and exit code 2", async () => {
    const errors: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => (errors.push(String(chunk)), true));
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(await runSchedule(["--cron", "61 7 * * *", "--list", "list.csv"])).toBe(2);
      expect(await runSchedule(["--cron", "0 7 * * *"])).toBe(2);
      expect(await runSchedule(["--cron", "0 7 * * *", "--tz", "Mars/Olympus", "--list", "list.csv"])).toBe(2);
    } finally {
      process.chdir(cwd);
      spy.mockRestore();
    }
    const firstLines = errors.filter((e) => e.startsWith("news-digest schedule:")).map((e) => e.split("\n")[0]);
    expect(firstLines[0]).toMatch(/^news-digest schedule: invalid cron pattern "61 7 \* \* \*": /);
    expect(firstLines[1]).toBe("news-digest schedule: --list FILE is required");
    expect(firstLines[2]).toBe('news-digest schedule: unknown time zone "Mars/Olympus": expected an IANA name such as Europe/London');
  });
});
