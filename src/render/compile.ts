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
import Handlebars from "handlebars";
import { TemplateError, type TemplateProblem } from "./errors.js";
import { HelperError, handlebarsHelpers, HELPER_NAMES } from "./helpers.js";
import { prepareTemplate, removeLineMarkers, stripLineMarkers, type PreparedTemplate, type SourceLine } from "./template-ast.js";
import type { TemplateSet, TemplateSource } from "./template-files.js";

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

export function compileTemplates(set: TemplateSet): CompiledTemplates {
  const env = Handlebars.create();
  env.registerHelper(handlebarsHelpers());
  const sources = [set.layout, set.text, ...set.partials];
  const files = sources.map((source) => source.file);

  const compiled = sources.map((source, index) => {
    const kind = kindOf(source);
    const prepared = prepareTemplate(parse(env, source), index, kind === "html");
    const template = env.compile(prepared.program as unknown as string, { strict: true, noEscape: kind === "text" });
    const run = (context: unknown, options?: Handlebars.RuntimeOptions): string => {
      try {
        return template(context, options);
      } catch (error) {
        throw toTemplateError(error, source, prepared);
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

function parse(env: typeof Handlebars, source: TemplateSource): hbs.AST.Program {
  try {
    return env.parse(source.source);
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
function toTemplateError(error: unknown, source: TemplateSource, prepared: PreparedTemplate): TemplateError {
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
    const path = prepared.paths.find((p) => p.line === where.lineNumber && p.column === where.column);
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
