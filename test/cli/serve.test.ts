// `news-digest serve` as a command: in this process for its usage, and as the compiled
// binary in a child process for what only a process can show: killed with SIGKILL in
// the middle of 200 concurrent one-click POSTs, it has lost none that it answered 200.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openSuppressions } from "../../src/deliver/suppressions/index.js";
import { signUnsubscribeToken, unsubscribeUrlFor } from "../../src/links/index.js";
import { runCliInProcess as cli } from "../support/cli.js";
import { NEWSROOM, TOKEN_KEY } from "../support/edition.js";
import { spawnCli } from "../support/spawn.js";
import { tempDir } from "../support/temp.js";
import { postOneClick, readerEmail } from "../app/serve/support.js";

const LIST_ID = "morning.news.test-newsroom.org";

async function project(): Promise<string> {
  const dir = await tempDir("nd-cli-serve-");
  await writeFile(join(dir, "news-digest.config.json"), JSON.stringify({ title: "Morning Brief", from: NEWSROOM.from, links: NEWSROOM.links, send: { listId: LIST_ID, stateDir: "state" } }));
  return dir;
}

describe("news-digest serve", () => {
  it("refuses to start without the signing key: one line, exit 2", async () => {
    const { code, stdout, stderr } = await cli(["serve", "--port", "0"], { cwd: await project(), env: {} });
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toMatch(/^news-digest serve: NEWS_DIGEST_TOKEN_KEY is not set/);
    expect((await cli(["serve", "--port", "http"], { env: {} })).stderr).toBe('news-digest serve: --port: expected a port number from 0 to 65535, got "http"\n');
  });

  it("prints where it listens, on loopback, and stops cleanly when told to", async () => {
    const stop = new AbortController();
    const running = cli(["serve", "--port", "0"], { cwd: await project(), env: { NEWS_DIGEST_TOKEN_KEY: TOKEN_KEY }, signal: stop.signal });
    await new Promise((resolve) => setTimeout(resolve, 300));
    stop.abort();
    const { code, stdout, stderr } = await running;
    expect(code).toBe(0);
    expect(stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+\n$/);
    expect(stderr).toContain("serving /unsubscribe (unsubscribe), /editions/ (archive, feed.xml) and /healthz");
  });

  it("killed with SIGKILL during 200 concurrent unsubscribes, loses none it answered 200", async () => {
    const dir = await project();
    const serve = spawnCli(["serve", "--port", "0"], { cwd: dir, env: { NEWS_DIGEST_TOKEN_KEY: TOKEN_KEY } });
    const url = await new Promise<string>((resolve, reject) => {
      serve.child.stdout!.on("data", () => {
        const line = /^(http:\S+)\n/.exec(serve.stdout());
        if (line) resolve(line[1]!);
      });
      serve.exited.then(() => reject(new Error(`serve exited: ${serve.stderr()}`)));
    });
    const answered: string[] = [];
    // All in flight together, but started over a second: the kill lands among them,
    // not after a group commit has already answered every one.
    const requests = Array.from({ length: 200 }, async (_, i) => {
      await new Promise((resolve) => setTimeout(resolve, i * 6));
      const email = readerEmail(i);
      const token = signUnsubscribeToken(TOKEN_KEY, { listId: LIST_ID, email });
      try {
        const response = await postOneClick(unsubscribeUrlFor(`${url}/unsubscribe`, token));
        if (response.status === 200) answered.push(email);
        if (answered.length === 50) serve.child.kill("SIGKILL");
      } catch {
        // the connection died with the process: no answer, no promise made
      }
    });
    await Promise.all(requests);
    expect((await serve.exited).signal).toBe("SIGKILL");
    expect(answered.length).toBeGreaterThanOrEqual(50);
    expect(answered.length).toBeLessThan(200); // it did die mid-way
    const store = await openSuppressions(join(dir, "state"), LIST_ID);
    const recorded = new Set((await store.list()).map((record) => record.address));
    await store.close();
    expect(answered.filter((email) => !recorded.has(email))).toEqual([]);
    console.log(`serve killed after ${answered.length} answers; ${recorded.size} recorded`);
  });
});
