import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { inspectCommand } from "../../src/cli/inspect.js";
import { runCommand } from "../support/cli.js";
import { tempDir } from "../support/temp.js";

/** Runs the inspect command as the CLI does, capturing what it writes. */
const inspect = (...argv: string[]) => runCommand(inspectCommand, argv);

const MARKDOWN = "test/fixtures/formats/markdown";
const ALL_FORMATS = "test/fixtures/formats";

let dir: string;
beforeAll(async () => {
  dir = await tempDir("news-digest-inspect-");
  await writeFile(join(dir, "empty.md"), "");
  await writeFile(join(dir, "hostile.md"), "---\ntitle: \"Red \\e[31malert\\e[0m headline\"\n---\nBody.\n");
});

describe("news-digest inspect --json", () => {
  it("prints one object with stories, errors, topics, key points and headline summaries", async () => {
    const { code, stdout, stderr } = await inspect(MARKDOWN, "--json");
    expect(code).toBe(0);
    expect(stderr).toBe(`${MARKDOWN}/harbour-bridge.md:36: image "javascript:alert(1)" dropped: expected an http(s) address\n`);
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual(["stories", "errors", "topics", "sections", "keyPoints", "headlineSummary"]);
    expect(report.stories.map((s: { headline: string }) => s.headline).sort()).toEqual([
      "Flood warnings along the river valley",
      "Harbour bridge reopens after two-year repair",
      "Library extends opening hours",
    ]);
    const live = report.stories.find((s: { kind: string }) => s.kind === "liveblog");
    expect(live.posts).toHaveLength(3);
    expect(live.origin).toEqual({ file: `${MARKDOWN}/flood-live.md`, line: 1 });
    expect(Object.keys(report.keyPoints)).toEqual([live.id]);
    expect(typeof report.headlineSummary[live.id]).toBe("string");
    expect(report.topics.flatMap((t: { storyIds: string[] }) => t.storyIds).sort()).toEqual(report.stories.map((s: { id: string }) => s.id).sort());
  });

  it("lists errors in the JSON and on stderr as file:line: message, one per line", async () => {
    const { code, stdout, stderr } = await inspect(ALL_FORMATS, "--json");
    expect(code).toBe(0);
    const { errors } = JSON.parse(stdout) as { errors: { file: string; line?: number; message: string }[] };
    expect(errors.length).toBeGreaterThan(0);
    const lines = stderr.trimEnd().split("\n");
    expect(lines).toEqual(errors.map((e) => `${e.file}${e.line === undefined ? "" : `:${e.line}`}: ${e.message}`));
    expect(lines).toContain(`${ALL_FORMATS}/bad/html-page.xml:5: not XML (Expected closing tag 'meta' (opened in line 4, col 1) instead of closing tag 'head'): expected an RSS or Atom feed`);
  });
});

describe("news-digest inspect exit codes", () => {
  it("exits 0 despite errors, and 1 with --strict", async () => {
    expect((await inspect(dir)).code).toBe(0);
    const strict = await inspect(dir, "--strict");
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain(`${join(dir, "empty.md")}: empty file: expected a story`);
  });

  it("exits 0 with --strict when every input is clean", async () => {
    const { code, stderr } = await inspect("test/fixtures/formats/feeds/wire.atom", "test/fixtures/formats/feeds/digest.rdf", "--strict");
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });

  it("exits 2 for a path that does not exist, with or without --strict, and reads nothing", async () => {
    for (const flags of [[], ["--strict"]]) {
      const { code, stdout, stderr } = await inspect(MARKDOWN, join(dir, "missing"), ...flags);
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toBe(`${join(dir, "missing")}: path does not exist: expected a story file or a folder of them\n`);
    }
  });

  it("exits 2 on an unknown option, with one line naming the near one", async () => {
    const { code, stderr, stdout } = await inspect("--jsno");
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe("news-digest inspect: unknown option --jsno; did you mean --json?\n");
  });

  it("reads --stories as it reads paths", async () => {
    const byFlag = await inspect("--stories", MARKDOWN, "--json");
    const byPath = await inspect(MARKDOWN, "--json");
    expect(byFlag.code).toBe(0);
    expect(JSON.parse(byFlag.stdout).stories).toEqual(JSON.parse(byPath.stdout).stories);
  });
});

describe("news-digest inspect, human output", () => {
  it("shows each story with its kind, source and origin, and a tally", async () => {
    const { code, stdout } = await inspect(MARKDOWN);
    expect(code).toBe(0);
    expect(stdout).toContain("[live blog] Flood warnings along the river valley");
    expect(stdout).toContain("Example Gazette · 2024-06-20 06:00 UTC · 3 posts");
    expect(stdout).toContain(`[article]   Harbour bridge reopens after two-year repair`);
    expect(stdout).toContain(`https://news.example.org/local/harbour-bridge-reopens  (${MARKDOWN}/harbour-bridge.md:1)`);
    expect(stdout.trimEnd().split("\n").at(-1)).toMatch(/^3 stories from 3 files, \d+ topics?, 1 error \(on stderr\)$/);
  });

  it("never sends a story's control characters to the terminal", async () => {
    const { stdout } = await inspect(join(dir, "hostile.md"));
    expect(stdout).toContain("Red \ufffd[31malert\ufffd[0m headline");
    expect(stdout).not.toContain("\u001b");
  });
});
