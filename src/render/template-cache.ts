/**
 * Compiled templates kept between runs. Compiling the layout, the text template and
 * the partials with Handlebars costs about a tenth of a second on every build, yet
 * templates rarely change; `Handlebars.precompile` turns a template into JavaScript
 * source that loads in a fraction of that.
 *
 * An entry is keyed by everything its code depends on: the template text, where it
 * sits in the set (its line markers carry that index), its kind (HTML or text) and
 * the Handlebars version. A changed template is a new key, so a stale entry is never
 * read; old entries are simply left behind.
 *
 * The cache is only ever a shortcut: an entry that cannot be read or parsed is a miss,
 * and a cache that cannot be written is skipped, never an error.
 *
 * Entries are JavaScript that the renderer evaluates, so the cache must live where
 * only the user can write: by default the project's node_modules/.cache/news-digest,
 * the trust of node_modules itself (the convention of Babel, ESLint and others).
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { PreparedTemplate } from "./template-ast.js";

/** A template as Handlebars.precompile left it, with what error messages need from its syntax tree. */
export interface PrecompiledTemplate {
  /** JavaScript source of the template's spec object. */
  spec: string;
  paths: PreparedTemplate["paths"];
}

export interface TemplateCache {
  read(key: string): PrecompiledTemplate | undefined;
  write(key: string, entry: PrecompiledTemplate): void;
}

/** Bumped when the entries' shape or the way templates are prepared changes. */
const FORMAT = 1;

export function templateCacheKey(parts: { source: string; fileIndex: number; kind: string; handlebarsVersion: string }): string {
  const { source, fileIndex, kind, handlebarsVersion } = parts;
  return createHash("sha256").update(JSON.stringify([FORMAT, handlebarsVersion, kind, fileIndex, source])).digest("hex");
}

function isPrecompiled(value: unknown): value is PrecompiledTemplate {
  const entry = value as Partial<PrecompiledTemplate> | null;
  return typeof entry === "object" && entry !== null && typeof entry.spec === "string" && Array.isArray(entry.paths);
}

/** One JSON file per entry in `dir`, written whole or not at all. */
export function diskTemplateCache(dir: string): TemplateCache {
  const fileOf = (key: string): string => join(dir, `${key}.json`);
  return {
    read(key) {
      try {
        const entry: unknown = JSON.parse(readFileSync(fileOf(key), "utf8"));
        return isPrecompiled(entry) ? entry : undefined;
      } catch {
        return undefined;
      }
    },
    write(key, entry) {
      const file = fileOf(key);
      // A temporary name then a rename: a concurrent build never reads half an entry.
      const temporary = `${file}.${process.pid}.tmp`;
      try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(temporary, JSON.stringify(entry));
        renameSync(temporary, file);
      } catch {
        // Read-only or full disk: the next build compiles again, which is all a miss costs.
      }
    },
  };
}

/**
 * node_modules/.cache/news-digest/templates in the nearest folder at or above `from`
 * that has a node_modules; undefined when there is none (then nothing is cached).
 */
export function defaultTemplateCacheDir(from = process.cwd()): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "node_modules"))) return join(dir, "node_modules", ".cache", "news-digest", "templates");
    if (dirname(dir) === dir) return undefined;
  }
}
