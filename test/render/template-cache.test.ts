// Precompiled templates kept between runs: a hit renders exactly what a compile does,
// a changed template misses, and a damaged entry is compiled again, never fatal.
import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileTemplates } from "../../src/render/compile.js";
import { templateContext } from "../../src/render/index.js";
import { diskTemplateCache, type PrecompiledTemplate, type TemplateCache } from "../../src/render/template-cache.js";
import type { TemplateSet } from "../../src/render/template-files.js";
import { digestOf, shippedTemplates, templatesWith } from "../fixtures/edition/render.js";
import { tempDir } from "../support/temp.js";

/** A disk cache that counts what it served and what it stored. */
function countingCache(dir: string): TemplateCache & { hits: number; writes: number } {
  const disk = diskTemplateCache(dir);
  const counting = {
    hits: 0,
    writes: 0,
    read(key: string): PrecompiledTemplate | undefined {
      const entry = disk.read(key);
      if (entry) counting.hits++;
      return entry;
    },
    write(key: string, entry: PrecompiledTemplate): void {
      counting.writes++;
      disk.write(key, entry);
    },
  };
  return counting;
}

function render(set: TemplateSet, cache?: TemplateCache): { mjml: string; text: string } {
  const compiled = compileTemplates(set, cache ? { cache } : {});
  const context = templateContext(digestOf(), set);
  return { mjml: compiled.renderMjml(context).mjml, text: compiled.renderText(context) };
}

describe("the template cache", () => {
  it("serves unchanged templates on the second compile, with output identical to a compile", async () => {
    const set = await shippedTemplates();
    const count = 2 + set.partials.length;
    const cache = countingCache(await tempDir("nd-template-cache-"));

    const first = render(set, cache);
    expect(cache).toMatchObject({ hits: 0, writes: count });
    const second = render(set, cache);
    expect(cache).toMatchObject({ hits: count, writes: count });

    expect(second).toEqual(first);
    expect(first).toEqual(render(set));
  });

  it("misses for a changed template only", async () => {
    const cache = countingCache(await tempDir("nd-template-cache-"));
    const set = await shippedTemplates();
    render(set, cache);
    const changed = await templatesWith({ text: (source) => `Changed\n${source}` });
    const [writesBefore, hitsBefore] = [cache.writes, cache.hits];

    const output = render(changed, cache);
    expect(cache.writes - writesBefore).toBe(1);
    expect(cache.hits - hitsBefore).toBe(1 + set.partials.length);
    expect(output.text.startsWith("Changed\n")).toBe(true);
  });

  it("ignores entries that are not JSON, not an entry, or not JavaScript, and replaces them", async () => {
    const dir = await tempDir("nd-template-cache-");
    const set = await shippedTemplates();
    const expected = render(set, diskTemplateCache(dir));
    const files = await readdir(dir);
    const damage = ['{"spec": "function (', "not json", '{"spec": 42}', '{"spec": "{ main: 1 }", "paths": []}', ""];
    await Promise.all(files.map((file, i) => writeFile(join(dir, file), damage[i % damage.length]!)));

    const recompiling = countingCache(dir);
    expect(render(set, recompiling)).toEqual(expected);
    expect(recompiling.writes).toBe(files.length);
    const repaired = countingCache(dir);
    expect(render(set, repaired)).toEqual(expected);
    expect(repaired).toMatchObject({ hits: files.length, writes: 0 });
  });
});
