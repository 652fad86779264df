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

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A promise that never rejects, so that reads started together can be judged one by one, in order. */
function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}

function valueOf<T>(outcome: Settled<T>): T {
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

/**
 * Reads every template of `dir`. Throws TemplateError naming the file for anything missing or malformed.
 * Every file is read at once (one after the other, the partials alone held up a build for
 * longer than reading its stories took); a failure is reported as if they had been read in
 * order: the layout, the text template, each partial, then the theme.
 */
export async function loadTemplates(dir: string): Promise<TemplateSet> {
  const partialsRoot = join(dir, "partials");
  const themeFile = join(dir, "theme.json");
  const partialName = (file: string) => relative(partialsRoot, file).split(sep).join("/").replace(PARTIAL_EXTENSIONS, "");
  const layoutRead = settle(readTemplate(join(dir, "layout.mjml"), "layout", "a layout.mjml"));
  const textRead = settle(readTemplate(join(dir, "text.hbs"), "text", "a text.hbs for the plain-text part"));
  const partialsRead = settle(
    listPartials(partialsRoot).then((files) => files.map((file) => ({ file, read: settle(readTemplate(file, partialName(file), "this partial")) }))),
  );
  const themeRead = settle(loadTheme(themeFile));

  const layout = valueOf(await layoutRead);
  const text = valueOf(await textRead);
  const partials: TemplateSource[] = [];
  const seen = new Map<string, string>();
  for (const { file, read } of valueOf(await partialsRead)) {
    const name = partialName(file);
    const other = seen.get(name);
    if (other) throw new TemplateError({ file, message: `partial "${name}" is also defined by ${other}` });
    seen.set(name, file);
    partials.push(valueOf(await read));
  }
  return { dir, layout, text, partials, theme: valueOf(await themeRead), themeFile };
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
