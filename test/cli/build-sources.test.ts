// `news-digest build` without --stories reads the config's `sources`: folders and files
// (relative to the config file's folder) and feed URLs (here a local HTTP server).
// --stories wins over them; with neither, seeds/ is built (see build.test.ts).
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildCommand } from "../../src/cli/build.js";
import type { Digest } from "../../src/model.js";
import { rssFeed, startFeedServer, type FeedServer } from "../support/feed-server.js";
import { tempDir } from "../support/temp.js";
import { runCommand } from "../support/cli.js";

const FIXED = ["--date", "2024-06-20", "--now", "2024-06-20T07:00:00Z"];

let feeds: FeedServer;
beforeEach(async () => {
  feeds = await startFeedServer();
});
afterEach(async () => {
  await feeds.close();
});

const build = (args: string[]) => runCommand(buildCommand, args);

/** A config beside a stories/ folder with one Markdown story, listing that folder and `feeds`. */
async function project(feedUrls: string[]): Promise<{ dir: string; config: string; out: string }> {
  const dir = await tempDir("nd-build-sources-");
  await mkdir(join(dir, "stories"));
  await writeFile(
    join(dir, "stories", "library.md"),
    "---\ntitle: Town library celebrates its centenary\nsource: Example Gazette\npublished: 2024-06-20T05:00:00Z\n---\n\nThe library opened in 1924.\n",
  );
  const config = join(dir, "config.json");
  await writeFile(config, JSON.stringify({ sources: ["stories/", ...feedUrls], feeds: { timeoutMs: 500, retries: 0 }, send: { stateDir: join(dir, "state") } }));
  return { dir, config, out: join(dir, "out") };
}

const headlines = async (out: string): Promise<string[]> => {
  const digest = JSON.parse(await readFile(join(out, "2024-06-20-news-digest", "digest.json"), "utf8")) as Digest;
  return digest.topics.flatMap((t) => t.stories.map((s) => s.headline)).sort();
};

describe("news-digest build from the config's sources", () => {
  it("reads the folder beside the config and the feed, when --stories is not given", async () => {
    feeds.route("/world.rss", (_req, res) =>
      res.end(rssFeed("World", [{ id: "bridge", title: "Harbour bridge reopens after repairs", url: "https://news.example.com/bridge", published: "2024-06-20T04:00:00Z" }])),
    );
    const { config, out } = await project([feeds.url("/world.rss")]);
    const result = await build(["--config", config, "--out", out, ...FIXED]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe("");
    expect(await headlines(out)).toEqual(["Harbour bridge reopens after repairs", "Town library celebrates its centenary"]);
    expect(feeds.hits("/world.rss")).toHaveLength(1);
  });

  it("reports a feed that fails and builds from the rest; --strict makes it a failure", async () => {
    feeds.route("/broken.rss", (_req, res) => res.end("<rss><channel><item><title>Half a feed"));
    const { config, out } = await project([feeds.url("/broken.rss")]);
    const lenient = await build(["--config", config, "--out", out, ...FIXED]);
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toMatch(new RegExp(`^${feeds.url("/broken.rss").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(:\\d+)?: not XML`));
    expect(await headlines(out)).toEqual(["Town library celebrates its centenary"]);
    const strict = await build(["--config", config, "--out", out, "--strict", ...FIXED]);
    expect(strict.code).toBe(1);
  });

  it("reads --stories instead when given", async () => {
    const { config, out } = await project([feeds.url("/never-asked.rss")]);
    const result = await build(["--config", config, "--stories", "seeds", "--out", out, ...FIXED]);
    expect(result.code, result.stderr).toBe(0);
    expect(await headlines(out)).toContain("Putin Caught Looking 'Bored' in North Korea Visit Videos");
    expect(await headlines(out)).not.toContain("Town library celebrates its centenary");
    expect(feeds.requests).toHaveLength(0);
  });
});
