// Imports flow one way (cli -> app -> pipeline -> stages -> config/links -> text/state/model)
// and reach a folder only through its index.ts.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { importViolations } from "./import-rules.js";

const SRC = fileURLToPath(new URL("../../src", import.meta.url));

describe("src/ imports", () => {
  it("run one way and go through each folder's index.ts", () => {
    expect(importViolations(SRC)).toEqual([]);
  });
});

describe("the import rules themselves", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function tree(files: Record<string, string>): string {
    dir = mkdtempSync(join(tmpdir(), "imports-"));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return dir;
  }

  const clean = {
    "model.ts": "export interface Story { id: string }\n",
    "text/index.ts": 'export { slug } from "./slug.js";\n',
    "text/slug.ts": "export const slug = (s: string) => s;\n",
    "ingest/index.ts": 'import { slug } from "../text/index.js";\nimport type { Story } from "../model.js";\nexport const read = (s: Story) => slug(s.id);\n',
    "cli/main.ts": 'const { read } = await import("../ingest/index.js");\nexport { read };\n',
  };

  it("accept a tree that keeps them", () => {
    expect(importViolations(tree(clean))).toEqual([]);
  });

  it("catch a lower layer importing a higher one", () => {
    const root = tree({ ...clean, "text/slug.ts": 'import { read } from "../ingest/index.js";\nexport const slug = (s: string) => s + String(read);\n' });
    expect(importViolations(root)).toEqual(["text/slug.ts: imports ../ingest/index.js: runs the wrong way (a lower layer imports a higher one)"]);
  });

  it("catch an import that reaches past a folder's index.ts, static or dynamic", () => {
    const root = tree({ ...clean, "cli/main.ts": 'const { slug } = await import("../text/slug.js");\nexport { slug };\n' });
    expect(importViolations(root)).toEqual(["cli/main.ts: imports ../text/slug.js: reaches past text/index.ts"]);
  });

  it("catch a missing module and a folder that belongs to no layer", () => {
    expect(importViolations(tree({ ...clean, "cli/main.ts": 'import "../nowhere.js";\n' }))).toEqual(["cli/main.ts: imports ../nowhere.js: no such module"]);
    expect(() => importViolations(tree({ ...clean, "misc/x.ts": "export {};\n" }))).toThrow(/misc\/x\.ts: not in any layer/);
  });
});
