// Readers load their parsing libraries only for the formats a build meets: a folder
// of plain-text stories never pays for YAML, Markdown, HTML or XML parsing.
//
// A library counts as loaded when a source module imports it (vi.mock's factory runs,
// whether the import is static or dynamic) or requires it (it is in require.cache),
// so the first test fails if any of them becomes an eager import again.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";

const LIBRARIES = ["yaml", "markdown-it", "html-to-text", "fast-xml-parser"] as const;
const imported = vi.hoisted(() => new Set<string>());

vi.mock("yaml", async (original) => (imported.add("yaml"), original()));
vi.mock("markdown-it", async (original) => (imported.add("markdown-it"), original()));
vi.mock("html-to-text", async (original) => (imported.add("html-to-text"), original()));
vi.mock("fast-xml-parser", async (original) => (imported.add("fast-xml-parser"), original()));

const requireCache = createRequire(import.meta.url).cache;

function loadedLibraries(): string[] {
  const required = Object.keys(requireCache);
  return LIBRARIES.filter((name) => imported.has(name) || required.some((file) => file.includes(`/node_modules/${name}/`)));
}

const fixture = (path: string): string => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));

describe("reader libraries", () => {
  // In this order: the first test needs a process that has read no other format yet.
  it("are not loaded for a folder of plain-text stories", async () => {
    const { ingestPaths } = await import("../../src/ingest/index.js");
    const { stories, errors } = await ingestPaths([fixture("ingest")]);
    expect(errors).toEqual([]);
    expect(stories.length).toBeGreaterThan(0);
    expect(loadedLibraries()).toEqual([]);
  });

  it("are loaded once a story needs them", async () => {
    const { ingestPaths } = await import("../../src/ingest/index.js");
    await ingestPaths([fixture("formats/markdown"), fixture("formats/feeds")]);
    expect(loadedLibraries()).toEqual(LIBRARIES);
  });
});
