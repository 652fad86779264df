// `news-digest send --list FILE` with neither --edition nor --stories, as a cron entry runs
// it every morning: stories from the config's sources (a folder next to the config and a
// feed on a local HTTP server), the list's edition window, the real build, the real send
// engine to a real SMTP server. Run on consecutive days, each edition carries only what is
// new since the last one; run twice on a day, it sends nothing the second time.
//
// The command runs in this process so that its clock can be set: only Date is faked
// (timers, sockets and the file system are real), because the edition's date and the
// window both come from "now".
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import PostalMime from "postal-mime";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { sendCommand } from "../../src/cli/send.js";
import { parseConfig } from "../../src/config/load.js";
import { previewPaths } from "../../src/app/out/files.js";
import { listIdentityFrom } from "../../src/config/send.js";
import { listStateDir } from "../../src/deliver/ledger/state-layout.js";
import { runCommand, type Captured } from "../support/cli.js";
import { rssFeed, startFeedServer, type FeedItem, type FeedServer } from "../support/feed-server.js";
import { NEWSROOM, TOKEN_KEY, writeCsvList } from "../support/edition.js";
import { tempDir } from "../support/temp.js";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp-server.js";

let feeds: FeedServer;
let smtp: TestSmtpServer;

beforeEach(async () => {
  feeds = await startFeedServer();
  smtp = await startSmtpServer();
  vi.stubEnv("NEWS_DIGEST_TOKEN_KEY", TOKEN_KEY);
  vi.stubEnv("SMTP_URL", ""); // the config's server, whatever the developer's shell says
});

afterEach(async () => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  await feeds.close();
  await smtp.close();
});

/** Runs `news-digest send` in this process at `now`, capturing what it prints. */
async function sendAt(now: string, args: string[]): Promise<Captured> {
  vi.useFakeTimers({ toFake: ["Date"], now: new Date(now) });
  try {
    return await runCommand(sendCommand, args);
  } finally {
    vi.useRealTimers();
  }
}

const item = (id: string, title: string, published: string): FeedItem => ({ id, title, url: `https://news.test-newsroom.org/${id}`, published, text: `${title}, the council said on Tuesday.` });

describe("news-digest send from the config's sources", () => {
  it("sends each morning only what is new since the list's last edition, and nothing twice", async () => {
    const dir = await tempDir("nd-send-sources-");
    await mkdir(join(dir, "stories"));
    await writeFile(
      join(dir, "stories", "library.md"),
      "---\ntitle: Town library celebrates its centenary\nsource: Example Gazette\nurl: https://news.example.org/library\npublished: 2024-06-19T05:00:00Z\n---\n\nThe library opened its doors in 1924 and has lent books ever since.\n",
    );
    let world = [item("bridge", "Harbour bridge reopens after two years of repairs", "2024-06-19T04:00:00Z"), item("cycle", "Council approves new cycling lanes downtown", "2024-06-19T05:30:00Z")];
    feeds.route("/world.rss", (_req, res) => res.end(rssFeed("World", world)));
    const stateDir = join(dir, "state");
    const configText = JSON.stringify({
      title: "Morning Brief",
      slug: "morning-brief",
      ...NEWSROOM,
      // "stories/" is read from the config file's folder, not the working directory.
      sources: ["stories/", feeds.url("/world.rss")],
      send: { smtp: smtp.url, stateDir, retryDelayMs: 5, maxRetryDelayMs: 50 },
    });
    const configFile = join(dir, "config.json");
    await writeFile(configFile, configText);
    const list = await writeCsvList(dir, 2);
    const outDir = join(dir, "out");
    const args = ["--list", list, "--config", configFile, "--out", outDir];
    // Editions are written to <out>/<list name>/.
    const listKey = "list.csv";
    const htmlOf = async (from: number) => Promise.all(smtp.received.slice(from).map(async (m) => (await PostalMime.parse(m.raw)).html ?? ""));

    // Day 1: the first edition takes the last 24 hours: all three stories.
    const day1 = await sendAt("2024-06-19T07:00:00Z", args);
    expect(day1.code, day1.stderr).toBe(0);
    expect(day1.stdout).toContain("edition 2024-06-19-morning-brief to list");
    expect(day1.stderr).toMatch(/sent 2024-06-19-morning-brief: 2 sent, 0 failed; 3 stories \(3 new, 0 updated\)/);
    expect(smtp.received).toHaveLength(2);
    for (const html of await htmlOf(0)) {
      expect(html).toContain("Harbour bridge reopens after two years of repairs");
      expect(html).toContain("Council approves new cycling lanes downtown");
      expect(html).toContain("Town library celebrates its centenary");
    }
    expect(existsSync(previewPaths(join(outDir, listKey), "2024-06-19-morning-brief").eml)).toBe(true);

    // Overnight one story is published; the others stay as they were.
    world = [item("storm", "Storm brings early snow to the northern hills", "2024-06-19T20:00:00Z"), ...world];

    // Day 2, a dry run first: it sees the one new story but writes and records nothing.
    const dry = await sendAt("2024-06-20T07:00:00Z", [...args, "--dry-run", "--json"]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ outcome: "dry-run", wouldSend: 2, edition: "2024-06-20-morning-brief" });
    expect(existsSync(previewPaths(join(outDir, listKey), "2024-06-20-morning-brief").dir)).toBe(false);
    expect(smtp.received).toHaveLength(2);

    // Day 2 for real: only the new story goes out.
    const day2 = await sendAt("2024-06-20T07:00:00Z", args);
    expect(day2.code, day2.stderr).toBe(0);
    expect(day2.stderr).toMatch(/sent 2024-06-20-morning-brief: 2 sent, 0 failed; 1 story \(1 new, 0 updated\)/);
    expect(smtp.received).toHaveLength(4);
    for (const html of await htmlOf(2)) {
      expect(html).toContain("Storm brings early snow to the northern hills");
      expect(html).not.toContain("Harbour bridge");
      expect(html).not.toContain("cycling lanes");
      expect(html).not.toContain("library");
    }

    // The same command again that day (cron fired twice, or a retry): nobody gets a second copy.
    const again = await sendAt("2024-06-20T09:00:00Z", args);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("already sent to 2 of 2");
    expect(smtp.received).toHaveLength(4);

    // Day 3: nothing new anywhere: nothing is built or sent, and it still exits 0.
    const day3 = await sendAt("2024-06-21T07:00:00Z", [...args, "--json"]);
    expect(day3.code, day3.stderr).toBe(0);
    expect(JSON.parse(day3.stdout)).toMatchObject({ outcome: "nothing-new", edition: "2024-06-21-morning-brief", summary: expect.stringContaining("nothing new since edition 2024-06-20-morning-brief") });
    expect(smtp.received).toHaveLength(4);
    expect(existsSync(previewPaths(join(outDir, listKey), "2024-06-21-morning-brief").dir)).toBe(false);
    expect(JSON.parse(await readFile(previewPaths(join(outDir, listKey), "2024-06-20-morning-brief").edition, "utf8")).storyIds).toHaveLength(1);
  });

  it("refuses to run while another run holds the list, and asks what to send when nothing says", async () => {
    const dir = await tempDir("nd-send-sources-");
    const stateDir = join(dir, "state");
    const configText = JSON.stringify({ slug: "morning-brief", ...NEWSROOM, sources: [join(dir, "stories")], send: { smtp: smtp.url, stateDir } });
    const configFile = join(dir, "config.json");
    await writeFile(configFile, configText);
    const list = await writeCsvList(dir, 1);
    const { acquireLock, listLockPath } = await import("../../src/state/lock.js");
    const listId = listIdentityFrom(parseConfig(configText, configFile)).listId;
    const held = acquireLock(listLockPath(listStateDir(stateDir, listId, "list.csv")), { purpose: "schedule" });
    expect(held.acquired).toBe(true);
    try {
      const locked = await sendAt("2024-06-19T07:00:00Z", ["--list", list, "--config", configFile, "--out", join(dir, "out")]);
      expect(locked.code).toBe(75);
      expect(locked.stderr).toMatch(/locked by schedule \(pid \d+/);
    } finally {
      if (held.acquired) held.release();
    }

    const bare = join(dir, "bare.json");
    await writeFile(bare, JSON.stringify({ send: { smtp: smtp.url, stateDir } }));
    const nothing = await sendAt("2024-06-19T07:00:00Z", ["--list", list, "--config", bare]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('say what to send: --edition out/<edition>/edition.json (from `build`), --stories PATH, or "sources" in the config');
  });
});
