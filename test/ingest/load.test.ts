import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestPaths } from "../../src/ingest/index.js";
import { decodeStoryBytes } from "../../src/ingest/loader/decode.js";

const GOOD_MD = "---\ntitle: Good story\nurl: https://news.example.org/good\n---\nIt loads.\n";

let dir: string;
const at = (...parts: string[]): string => join(dir, ...parts);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "news-digest-load-"));
  await mkdir(at("mixed"));
  await writeFile(at("mixed", "good.md"), GOOD_MD);
  await writeFile(at("mixed", "empty.txt"), "");
  await writeFile(at("mixed", "blank.md"), " \n\n\t\n");
  await writeFile(at("mixed", "photo.txt"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
  await writeFile(at("mixed", "nul.txt"), Buffer.from("Headline\n\0\0\0 binary junk\n"));
  // "Café" saved as Latin-1: the é is byte 0xE9, on line 2.
  await writeFile(at("mixed", "latin1.txt"), Buffer.concat([Buffer.from("Headline\nCaf"), Buffer.from([0xe9]), Buffer.from(" au lait\n")]));
  await writeFile(at("mixed", "utf16.txt"), Buffer.from("\ufeffHeadline\n", "utf16le"));
  // 50 MB of real text: if the size cap failed, this would load as a story instead of being refused.
  await writeFile(at("mixed", "huge.txt"), Buffer.alloc(50 * 1024 * 1024, "A line of story text that goes on and on.\n"));
  await mkdir(at("empty-folder"));
  await mkdir(at("pictures-only"));
  await writeFile(at("pictures-only", "photo.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("ingestPaths: bad input", () => {
  it("reports each bad file once, with what was expected, and still loads the good one", async () => {
    const { stories, errors } = await ingestPaths([at("mixed")]);
    expect(stories.map((s) => s.headline)).toEqual(["Good story"]);
    expect(errors).toEqual([
      { file: at("mixed", "blank.md"), message: "empty file (only blank space): expected a story" },
      { file: at("mixed", "empty.txt"), message: "empty file: expected a story" },
      { file: at("mixed", "huge.txt"), message: "file too large (50 MB): expected a story file of at most 10 MB; skipped unread" },
      { file: at("mixed", "latin1.txt"), line: 2, message: "invalid UTF-8 at byte 12: expected UTF-8 text (re-save the file as UTF-8)" },
      { file: at("mixed", "nul.txt"), message: "binary file (it contains NUL bytes): expected UTF-8 text" },
      { file: at("mixed", "photo.txt"), message: "binary file (a PNG image): expected UTF-8 text" },
      { file: at("mixed", "utf16.txt"), line: 1, message: "UTF-16 text: expected UTF-8 (re-save the file as UTF-8)" },
    ]);
  });

  it("reports a path that does not exist and a folder with no stories, and reads the rest", async () => {
    const { stories, errors } = await ingestPaths([at("nowhere"), at("empty-folder"), at("pictures-only"), at("mixed", "good.md")]);
    expect(stories.map((s) => s.headline)).toEqual(["Good story"]);
    expect(errors).toEqual([
      { file: at("nowhere"), message: "path does not exist: expected a story file or a folder of them" },
      { file: at("empty-folder"), message: "folder has no stories: expected .txt, .md, .markdown, .json, .xml, .rss, .atom, .rdf files in it or below" },
      { file: at("pictures-only"), message: "folder has no stories: expected .txt, .md, .markdown, .json, .xml, .rss, .atom, .rdf files in it or below (1 other file skipped)" },
    ]);
  });

  it("honours a smaller size cap", async () => {
    const { stories, errors } = await ingestPaths([at("mixed", "good.md")], { maxFileBytes: 10 });
    expect(stories).toEqual([]);
    expect(errors).toEqual([{ file: at("mixed", "good.md"), message: `file too large (${GOOD_MD.length} bytes): expected a story file of at most 10 bytes; skipped unread` }]);
  });

  it("never throws, and gives no error for a good file", async () => {
    await expect(ingestPaths([])).resolves.toEqual({ stories: [], errors: [] });
    await expect(ingestPaths([at("mixed", "good.md")])).resolves.toMatchObject({ errors: [] });
  });
});

describe("ingestPaths: walking folders", () => {
  let tree: string;
  beforeAll(async () => {
    tree = at("tree");
    for (const sub of ["tree", "tree/b-section", "tree/a-section", "tree/.git", "tree/a-section/deeper"]) await mkdir(at(sub));
    const story = (title: string): string => `---\ntitle: ${title}\n---\nText.\n`;
    await writeFile(at("tree", "z.md"), story("Z at top"));
    await writeFile(at("tree", "B.md"), story("Capital B at top"));
    await writeFile(at("tree", "b-section", "one.md"), story("B one"));
    await writeFile(at("tree", "a-section", "two.md"), story("A two"));
    await writeFile(at("tree", "a-section", "deeper", "three.md"), story("A deeper three"));
    await writeFile(at("tree", ".git", "hidden.md"), story("Hidden"));
    await writeFile(at("tree", ".draft.md"), story("Hidden draft"));
    await writeFile(at("tree", "README.md"), "# About this folder\n\nNot a story.\n");
    await writeFile(at("tree", "notes.docx"), "not read");
    await symlink(tree, at("tree", "a-section", "loop"));
  });

  it("walks recursively in name order, skipping hidden files, documentation and other extensions, without looping", async () => {
    const { stories, errors } = await ingestPaths([tree]);
    expect(errors).toEqual([]);
    expect(stories.map((s) => s.headline)).toEqual(["Capital B at top", "A deeper three", "A two", "B one", "Z at top"]);
  });

  it("returns the same stories with the same ids on every run", async () => {
    const first = await ingestPaths([tree]);
    const second = await ingestPaths([tree]);
    expect(second).toEqual(first);
  });

  it("reads a documentation file when it is named explicitly, and a file given twice once", async () => {
    const { stories } = await ingestPaths([at("tree", "README.md"), at("tree", "z.md"), at("tree", "z.md")]);
    expect(stories.map((s) => s.headline)).toEqual(["About this folder", "Z at top"]);
  });

  it("keeps paths as given: relative stay relative", async () => {
    const { stories } = await ingestPaths(["test/fixtures/formats/markdown/notes-without-front-matter.md"]);
    expect(stories[0]?.origin.file).toBe("test/fixtures/formats/markdown/notes-without-front-matter.md");
  });
});

describe("ingestPaths: choosing the reader", () => {
  beforeAll(async () => {
    await mkdir(at("sniff"));
    await writeFile(at("sniff", "feed.txt"), '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Sniffed</title><item><title>From a .txt feed</title></item></channel></rss>\n');
    await writeFile(at("sniff", "front-matter.txt"), "---\ntitle: From a .txt with front matter\n---\nBody.\n");
    await writeFile(at("sniff", "plain.txt"), "A plain headline\n\nA first paragraph of the story.\n");
    await writeFile(at("sniff", "bracket.txt"), "[Update] Bracketed headline\n\nStill plain text, not JSON.\n");
    await writeFile(at("sniff", "no-extension"), '[{"title": "From a file with no extension"}]');
  });

  it("uses the content when the extension does not name a format", async () => {
    const { stories, errors } = await ingestPaths([at("sniff"), at("sniff", "no-extension")]);
    expect(errors).toEqual([]);
    expect(stories.map((s) => s.headline)).toEqual([
      "[Update] Bracketed headline",
      "From a .txt feed",
      "From a .txt with front matter",
      "A plain headline",
      "From a file with no extension",
    ]);
    expect(stories[1]?.source.name).toBe("Sniffed");
  });

  it("reads the committed fixtures: every format, and one error per bad file", async () => {
    const { stories, errors } = await ingestPaths(["test/fixtures/formats"]);
    const files = new Set(stories.map((s) => s.origin.file.split("/").pop()));
    expect([...files]).toEqual(["digest.rdf", "gazette.rss", "wire.atom", "one-story.json", "several.json", "flood-live.md", "harbour-bridge.md", "notes-without-front-matter.md"]);
    const bad = errors.filter((e) => e.file.includes("/bad/"));
    expect(bad.map((e) => [e.file.split("/").pop(), e.line])).toEqual([
      ["broken-front-matter.md", 4],
      ["html-page.xml", 5],
      ["not-json.json", 4],
    ]);
  });
});

describe("decodeStoryBytes", () => {
  it("never throws, and gives back any UTF-8 text that has words in it", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        decodeStoryBytes(bytes);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 1, maxLength: 200 }), (text) => {
        const decoded = decodeStoryBytes(new TextEncoder().encode(`Headline ${text}`));
        if (decoded.ok) expect(decoded.text).toBe(`Headline ${text}`);
      }),
      { numRuns: 300 },
    );
  });
});
