// `news-digest build` on the seeds, as `npm run digest` runs it: the files it writes and what they hold.
import { cp, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import PostalMime from "postal-mime";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { buildCommand } from "../../src/cli/build.js";
import type { Digest, RenderedEdition } from "../../src/model.js";
import { personalize } from "../../src/render/personalize.js";
import { samplePersonalization } from "../../src/pipeline.js";
import { defaultConfig } from "../../src/config/load.js";
import { tempDir } from "../support/temp.js";
import { runCommand } from "../support/cli.js";

const FIXED = ["--date", "2024-06-20", "--now", "2024-06-20T07:00:00Z"];

/** Runs the command in-process, capturing what it prints. */
const build = (args: string[]) => runCommand(buildCommand, args);

// The sample's unsubscribe link is a placeholder without a key; a developer's shell may have one.
beforeAll(() => void vi.stubEnv("NEWS_DIGEST_TOKEN_KEY", ""));
afterAll(() => void vi.unstubAllEnvs());

describe("news-digest build on the seeds", () => {
  let out: string;
  let dir: string;
  let result: Awaited<ReturnType<typeof build>>;

  beforeAll(async () => {
    out = await tempDir("nd-build-");
    result = await build(["--out", out, ...FIXED]);
    dir = join(out, "2024-06-20-news-digest");
  });

  it("writes the four files (and edition.json) and nothing half-written", async () => {
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(["digest.json", "edition.json", "index.html", "index.txt", "message.eml"]);
  });

  it("prints the paths and a one-line summary", () => {
    const lines = result.stdout.trim().split("\n");
    expect(lines.slice(0, 5).map((l) => l.split("/").pop())).toEqual(["index.html", "index.txt", "digest.json", "message.eml", "edition.json"]);
    expect(lines[5]).toMatch(/^2024-06-20-news-digest: 1 topic, 2 stories, \d+\.\d KB HTML$/);
  });

  it("holds one topic section for the Putin stories, with the live blog's key points and the Newsweek headline", async () => {
    const digest = JSON.parse(await readFile(join(dir, "digest.json"), "utf8")) as Digest;
    const html = await readFile(join(dir, "index.html"), "utf8");
    expect(digest.edition).toMatchObject({ id: "2024-06-20-news-digest", dateLabel: "Thursday 20 June 2024" });
    expect(digest.topics).toHaveLength(1);
    const [topic] = digest.topics;
    expect(topic!.label).toMatch(/Putin|North Korea|Kim|Pyongyang/);
    expect(topic!.stories.map((s) => s.kind).sort()).toEqual(["article", "liveblog"]);
    expect(html.match(/<h2 /g)).toHaveLength(1);
    const blog = topic!.stories.find((s) => s.kind === "liveblog")!;
    expect(blog.liveBlog!.keyPoints.length).toBeGreaterThan(0);
    const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/'/g, "&#x27;").replace(/"/g, "&quot;");
    for (const point of blog.liveBlog!.keyPoints) expect(html).toContain(escape(point.text));
    expect(html).toContain("What we know so far");
    expect(html).toContain("Putin Caught Looking &#x27;Bored&#x27; in North Korea Visit Videos");
  });

  it("index.html and index.txt are the sample reader's copy of edition.json, exactly", async () => {
    const edition = JSON.parse(await readFile(join(dir, "edition.json"), "utf8")) as RenderedEdition;
    const copy = personalize(edition, samplePersonalization(defaultConfig(), edition.editionId));
    expect(await readFile(join(dir, "index.html"), "utf8")).toBe(copy.html);
    expect(await readFile(join(dir, "index.txt"), "utf8")).toBe(copy.text);
    expect(copy.html).toContain("reader@example.com");
    expect(edition.html).not.toContain("reader@example.com");
  });

  it("message.eml is a whole multipart/alternative message for the sample recipient", async () => {
    const raw = await readFile(join(dir, "message.eml"));
    const head = raw.toString("utf8", 0, raw.indexOf("\r\n\r\n"));
    expect(head).toMatch(/^Content-Type: multipart\/alternative;/m);
    expect(head).toMatch(/^List-Unsubscribe:\s+<https:\/\/example\.com\/unsubscribe\?preview=2024-06-20-news-digest>/m);
    const mail = await PostalMime.parse(raw);
    expect(mail.from?.address).toBe("digest@example.com");
    expect(mail.to?.[0]).toMatchObject({ address: "reader@example.com", name: "Sample Reader" });
    // The subject names the lead story.
    expect(mail.subject).toBe(JSON.parse(await readFile(join(dir, "digest.json"), "utf8")).topics[0].stories[0].headline);
    // MIME lines end in CRLF and the parser may add a final one: compare the content.
    const content = (s: string | undefined) => (s ?? "").replace(/\r\n/g, "\n").trimEnd();
    expect(content(mail.html)).toBe(content(await readFile(join(dir, "index.html"), "utf8")));
    expect(content(mail.text)).toBe(content(await readFile(join(dir, "index.txt"), "utf8")));
    expect(mail.date).toBe("2024-06-20T07:00:00.000Z");
  });

  it("builds the same edition again in place: same inputs, same files, no temporary files left", async () => {
    const before = await Promise.all(["index.html", "index.txt", "digest.json", "edition.json"].map((f) => readFile(join(dir, f), "utf8")));
    const again = await build(["--out", out, ...FIXED]);
    expect(again.code).toBe(0);
    expect((await readdir(dir)).filter((f) => f.includes(".tmp-"))).toEqual([]);
    const after = await Promise.all(["index.html", "index.txt", "digest.json", "edition.json"].map((f) => readFile(join(dir, f), "utf8")));
    expect(after).toEqual(before);
  });
});

describe("news-digest build with bad input", () => {
  it("skips an unreadable story, and fails on it with --strict", async () => {
    const stories = await tempDir("nd-stories-");
    await cp("seeds", stories, { recursive: true });
    await writeFile(join(stories, "empty.txt"), "");
    const out = await tempDir("nd-out-");
    const lenient = await build(["--stories", stories, "--out", out, ...FIXED]);
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toContain("empty.txt");
    const strict = await build(["--stories", stories, "--out", out, "--strict", ...FIXED]);
    expect(strict.code).toBe(1);
  });

  it("a failing --strict build writes nothing, leaving the previous edition whole, and names each problem once", async () => {
    const stories = await tempDir("nd-stories-");
    await cp("seeds", stories, { recursive: true });
    const out = await tempDir("nd-out-");
    expect((await build(["--stories", stories, "--out", out, ...FIXED])).code).toBe(0);
    const dir = join(out, "2024-06-20-news-digest");
    const before = await Promise.all((await readdir(dir)).sort().map(async (name) => [name, await readFile(join(dir, name), "utf8")]));

    await writeFile(join(stories, "empty.txt"), "");
    const strict = await build(["--stories", stories, "--out", out, "--strict", "--now", "2024-06-20T09:30:00Z", "--date", "2024-06-20"]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe("");
    expect(strict.stderr.split("empty.txt").length - 1).toBe(1);
    expect(strict.stderr).toContain("nothing written");
    const after = await Promise.all((await readdir(dir)).sort().map(async (name) => [name, await readFile(join(dir, name), "utf8")]));
    expect(after).toEqual(before);
  });

  it("names the config file and key of a mistake, as bad input (exit 2)", async () => {
    const dir = await tempDir("nd-conf-");
    const file = join(dir, "conf.json");
    await writeFile(file, '{\n  "limits": { "maxTopic": 2 }\n}\n');
    const result = await build(["--config", file, "--out", dir, ...FIXED]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`${file}:2: "limits.maxTopic": unknown key; did you mean "maxTopics"? (known keys here: maxTopics, storiesPerTopic, keyPoints)\n`);
  });

  it("names the template file and line of a broken template, and writes nothing", async () => {
    const templates = await tempDir("nd-templates-");
    await cp("templates", templates, { recursive: true });
    const footer = join(templates, "partials", "footer.mjml");
    const source = await readFile(footer, "utf8");
    await writeFile(footer, source.replace("<mj-column>", "<mj-colum>").replace("</mj-column>", "</mj-colum>"));
    const line = source.split("\n").findIndex((l) => l.includes("<mj-column>")) + 1;
    const out = await tempDir("nd-out-");
    const result = await build(["--templates", templates, "--out", out, ...FIXED]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${footer}:${line}: MJML: Element mj-colum doesn't exist or is not registered`);
    expect(await readdir(out)).toEqual([]);
  });

  it("writes no empty edition when no story can be read", async () => {
    const out = await tempDir("nd-out-");
    const result = await build(["--stories", join(out, "missing"), "--out", out, ...FIXED]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/missing.*\n.*no stories to build an edition from in .*missing\n$/);
    expect(await readdir(out)).toEqual([]);
  });

  it("explains a bad --date as a usage error", async () => {
    const result = await build(["--date", "20/06/2024"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('news-digest build: --date: expected a date as YYYY-MM-DD, got "20/06/2024"\n');
  });

  it("refuses a theme colour that is not a colour, naming theme.json's line", async () => {
    const templates = await tempDir("nd-templates-");
    await cp("templates", templates, { recursive: true });
    const themeFile = join(templates, "theme.json");
    const theme = await readFile(themeFile, "utf8");
    await writeFile(themeFile, theme.replace('"text": "#1f1f1f"', '"text": "dark grey"'));
    await mkdir(join(templates, "unused"), { recursive: true });
    const result = await build(["--templates", templates, "--out", templates, ...FIXED]);
    expect(result.code).toBe(1);
    const line = theme.split("\n").findIndex((l) => l.includes('"text": "#1f1f1f"')) + 1;
    expect(result.stderr).toContain(`${themeFile}:${line}: "colors.text": expected a hex colour such as "#1f1f1f", got "dark grey"`);
  });
});
