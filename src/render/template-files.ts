/**
 * Reads a template folder: the render stage's only I/O, kept apart so rendering
 * itself stays a pure function of (Digest, TemplateSet).
 *
 *   layout.mjml            the email (MJML + Handlebars)
 *   text.hbs               the plain-text part (Handlebars)
 *   theme.json             colours, fonts, logo, widths (optional: defaults apply)
 *   partials/**\/*.mjml|hbs partials, named by path without extension:
 *                          partials/story/card.mjml is {{> story/card}}
 */
import { existsSync } from "node:fs";
import { readFile, readdir } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { issueLine, parseTheme, themeRuleIssues, type Theme } from "../config/index.js";
import { readJsonText } from "../text/index.js";
import { TemplateError } from "./errors.js";

export interface TemplateSource {
  /** Partial name ("story/card"), or "layout" / "text". */
  name: string;
  /** Path for error messages. */
  file: string;
  source: string;
}

export interface TemplateSet {
  dir: string;
  layout: TemplateSource;
  text: TemplateSource;
  partials: TemplateSource[];
  theme: Theme;
  themeFile: string;
}

const PARTIAL_EXTENSIONS = /\.(mjml|hbs)$/;

async function readTemplate(file: string, name: string, what: string): Promise<TemplateSource> {
  try {
    return { name, file, source: await readFile(file, "utf8") };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TemplateError({
      file,
      message: code === "ENOENT" ? `missing: every template folder needs ${what}` : `cannot read (${code ?? String(error)})`,
    });
  }
}

async function listPartials(root: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(root, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.isFile() && PARTIAL_EXTENSIONS.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** Reads every template of `dir`. Throws TemplateError naming the file for anything missing or malformed. */
export async function loadTemplates(dir: string): Promise<TemplateSet> {
  const [layout, text] = await Promise.all([
    readTemplate(join(dir, "layout.mjml"), "layout", "a layout.mjml"),
    readTemplate(join(dir, "text.hbs"), "text", "a text.hbs for the plain-text part"),
  ]);
  const partialsRoot = join(dir, "partials");
  const partialFiles = await listPartials(partialsRoot);
  const partials: TemplateSource[] = [];
  const seen = new Map<string, string>();
  for (const file of partialFiles) {
    const name = relative(partialsRoot, file).split(sep).join("/").replace(PARTIAL_EXTENSIONS, "");
    const other = seen.get(name);
    if (other) throw new TemplateError({ file, message: `partial "${name}" is also defined by ${other}` });
    seen.set(name, file);
    partials.push(await readTemplate(file, name, "this partial"));
  }
  const themeFile = join(dir, "theme.json");
  return { dir, layout, text, partials, theme: await loadTheme(themeFile), themeFile };
}

async function loadTheme(file: string): Promise<Theme> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return parseTheme({}).theme;
    throw new TemplateError({ file, message: `cannot read (${String(error)})` });
  }
  const json = readJsonText(text);
  if (!json.ok) {
    const { line, column, reason } = json.error;
    throw new TemplateError({ file, line, column, message: `not valid JSON (${reason})` });
  }
  const { theme, issues } = parseTheme(json.value);
  issues.push(...themeRuleIssues(theme));
  if (issues.length > 0) {
    throw new TemplateError(
      issues.map((issue) => {
        const line = issueLine(json.positions, issue.path);
        return { file, ...(line === undefined ? {} : { line }), message: `"${issue.path}": ${issue.message}` };
      }),
    );
  }
  return theme;
}

/**
 * The templates that ship with news-digest (the package's templates/ folder),
 * found by walking up from this module: it sits at a different depth in src/ and dist/.
 */
/** The templates a command uses without --templates: ./templates when the working directory has them, else the built-in ones. */
export function defaultTemplatesDir(): string {
  return existsSync("templates/layout.mjml") ? "templates" : builtInTemplatesDir();
}

export function builtInTemplatesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, "templates");
    if (existsSync(join(candidate, "layout.mjml"))) return candidate;
    dir = dirname(dir);
  }
  throw new Error("news-digest: cannot find its built-in templates folder");
}
