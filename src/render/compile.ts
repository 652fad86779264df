/**
 * Compiles a template folder with Handlebars: the layout, the plain-text template
 * and every partial, in strict mode, with the helpers of ./helpers.ts. Errors come
 * back as TemplateError naming the template file and line.
 *
 * Two output kinds: .mjml files make HTML (values are HTML-escaped), .hbs files
 * make plain text (values go in as they are). A partial of one kind used inside a
 * template of the other is an error, because an unescaped story in the HTML would
 * be a hole.
 */
import { createRequire } from "node:module";
import type Handlebars from "handlebars";
import { TemplateError, type TemplateProblem } from "./errors.js";
import { HelperError, handlebarsHelpers, HELPER_NAMES } from "./helpers.js";
import { prepareTemplate, removeLineMarkers, stripLineMarkers, type PreparedTemplate, type SourceLine } from "./template-ast.js";
import { templateCacheKey, type PrecompiledTemplate, type TemplateCache } from "./template-cache.js";
import type { TemplateSet, TemplateSource } from "./template-files.js";

type HandlebarsEnv = typeof Handlebars;

// Required on first use rather than imported: every command that imports the render
// stage (editions, send) would otherwise load Handlebars for nothing. Templates run
// on the runtime alone; the compiler (half of Handlebars' load) is only needed for a
// template the cache does not hold.
const requireModule = createRequire(import.meta.url);
const handlebarsRuntime = (): HandlebarsEnv => requireModule("handlebars/runtime") as HandlebarsEnv;
const handlebarsCompiler = (): HandlebarsEnv => requireModule("handlebars") as HandlebarsEnv;

type OutputKind = "html" | "text";

/** What the layout and text templates are called with (see ./index.ts for its shape). */
export type TemplateContext = Record<string, unknown>;

export interface CompiledTemplates {
  set: TemplateSet;
  /** Runs the layout: MJML source, plus the template file and line of each of its lines. */
  renderMjml(context: TemplateContext): { mjml: string; lines: SourceLine[] };
  /** Runs text.hbs: the plain-text part before wrapping. */
  renderText(context: TemplateContext): string;
}

const kindOf = (source: TemplateSource): OutputKind => (source.file.endsWith(".hbs") ? "text" : "html");

/** Where Handlebars' data frame carries the kind of output being made. */
const OUTPUT_KEY = "newsDigestOutput";

export interface CompileOptions {
  /** Precompiled templates from earlier runs (see ./template-cache.ts); without it every template is compiled. */
  cache?: TemplateCache;
}

export function compileTemplates(set: TemplateSet, options: CompileOptions = {}): CompiledTemplates {
  const env = handlebarsRuntime().create();
  env.registerHelper(handlebarsHelpers());
  const sources = [set.layout, set.text, ...set.partials];
  const files = sources.map((source) => source.file);

  const compiled = sources.map((source, index) => {
    const kind = kindOf(source);
    const { template, paths } = loadTemplate(env, source, index, kind, options.cache);
    const run = (context: unknown, options?: Handlebars.RuntimeOptions): string => {
      try {
        return template(context, options);
      } catch (error) {
        throw toTemplateError(error, source, paths);
      }
    };
    return { source, kind, run };
  });

  for (const { source, kind, run } of compiled.slice(2)) {
    env.registerPartial(source.name, ((context: unknown, options: Handlebars.RuntimeOptions) => {
      const output = (options.data as Record<string, unknown> | undefined)?.[OUTPUT_KEY];
      if (output !== undefined && output !== kind) {
        throw new TemplateError({
          file: source.file,
          message: `this ${kind === "text" ? "plain-text (.hbs)" : "HTML (.mjml)"} partial cannot be used in the ${output === "html" ? "HTML email" : "plain-text part"}`,
        });
      }
      return run(context, options);
    }) as unknown as Handlebars.Template);
  }

  const [layout, text] = compiled as [(typeof compiled)[0], (typeof compiled)[0]];
  return {
    set,
    renderMjml(context) {
      const marked = layout.run(context, { data: { [OUTPUT_KEY]: "html" } });
      const { text: mjml, lines } = stripLineMarkers(marked, files);
      return { mjml, lines };
    },
    renderText(context) {
      return removeLineMarkers(text.run(context, { data: { [OUTPUT_KEY]: "text" } }));
    },
  };
}

/**
 * One template, from the cache when it holds it, else compiled (and stored). Both
 * ways go through precompiled JavaScript, so a hit runs exactly the code a miss would.
 */
function loadTemplate(
  env: HandlebarsEnv,
  source: TemplateSource,
  fileIndex: number,
  kind: OutputKind,
  cache: TemplateCache | undefined,
): { template: Handlebars.TemplateDelegate; paths: PrecompiledTemplate["paths"] } {
  const key = cache && templateCacheKey({ source: source.source, fileIndex, kind, handlebarsVersion: env.VERSION });
  const cached = key === undefined ? undefined : cache?.read(key);
  if (cached) {
    const template = templateFromSpec(env, cached.spec);
    // A corrupt entry is a miss: compile again below and overwrite it.
    if (template) return { template, paths: cached.paths };
  }
  const compiler = handlebarsCompiler();
  const prepared = prepareTemplate(parse(compiler, source), fileIndex, kind === "html");
  const spec = compiler.precompile(prepared.program as unknown as string, { strict: true, noEscape: kind === "text" });
  const entry = { spec: String(spec), paths: prepared.paths };
  if (key !== undefined) cache?.write(key, entry);
  return { template: templateFromSpec(env, entry.spec)!, paths: entry.paths };
}

/** The template function of precompiled source, or undefined when the source does not evaluate to a template spec. */
function templateFromSpec(env: HandlebarsEnv, spec: string): Handlebars.TemplateDelegate | undefined {
  try {
    const evaluated: unknown = new Function(`return (${spec});`)();
    if (typeof evaluated !== "object" || evaluated === null || typeof (evaluated as { main?: unknown }).main !== "function") return undefined;
    return env.template(evaluated as TemplateSpecification);
  } catch {
    return undefined;
  }
}

function parse(compiler: HandlebarsEnv, source: TemplateSource): hbs.AST.Program {
  try {
    return compiler.parse(source.source);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = /on line (\d+)/.exec(message)?.[1];
    const lines = message.split("\n");
    const excerpt = lines[1]?.trim();
    const detail = lines[lines.length - 1]!.replace(/^Expecting .*, got/, "unexpected").trim();
    const problem: TemplateProblem = {
      file: source.file,
      message: `Handlebars syntax error${excerpt ? ` at "${excerpt}"` : ""}: ${line ? detail : message}`,
    };
    if (line) problem.line = Number(line);
    throw new TemplateError(problem);
  }
}

/** Turns whatever a template run threw into a TemplateError at the right file and line. */
function toTemplateError(error: unknown, source: TemplateSource, paths: PreparedTemplate["paths"]): TemplateError {
  if (error instanceof TemplateError) return error;
  if (error instanceof HelperError) {
    const at = error.loc?.start;
    return new TemplateError({
      file: source.file,
      ...(at ? { line: at.line, column: at.column + 1 } : {}),
      message: error.message,
    });
  }
  const raw = error instanceof Error ? error.message : String(error);
  const where = error as { lineNumber?: number; column?: number };
  const at = where.lineNumber !== undefined ? { line: where.lineNumber, column: (where.column ?? 0) + 1 } : {};
  const unknown = /^"([^"]+)" not defined in (.*?)(?: - \d+:\d+)?$/.exec(raw);
  if (unknown) {
    const path = paths.find((p) => p.line === where.lineNumber && p.column === where.column);
    const name = path?.original ?? unknown[1]!;
    if (unknown[2] === "null" || unknown[2] === "undefined") {
      return new TemplateError({
        file: source.file,
        ...at,
        message: `"${name}": cannot read "${unknown[1]}" of a ${unknown[2]} value (test the value first with {{#if ...}})`,
      });
    }
    const what = path && /^[\w-]+$/.test(name) ? "variable or helper" : "variable";
    return new TemplateError({
      file: source.file,
      ...at,
      message:
        `unknown ${what} "${name}": the template data has no such field ` +
        `(digest.json shows what templates receive; helpers are ${HELPER_NAMES.join(", ")})`,
    });
  }
  return new TemplateError({ file: source.file, ...at, message: raw.replace(/ - \d+:\d+$/, "") });
}
