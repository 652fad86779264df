/**
 * MJML -> HTML, with validation on `strict`: a template that MJML would silently
 * "fix" (an unknown tag, a misplaced element, an attribute that does not exist)
 * fails instead, reported at the template file and line it came from. MJML itself
 * runs in a worker (see ../mjml/worker.ts).
 */
import { runMjml, type MjmlIssue } from "../mjml/index.js";
import { TemplateError, type TemplateProblem } from "./errors.js";
import type { SourceLine } from "./template-ast.js";

export interface MjmlOptions {
  /** Layout file, named when an error has no line. */
  layoutFile: string;
}

/**
 * Compiles MJML to HTML. `lines` maps each line of `mjml` to the template it came
 * from (see ./template-ast.ts), so errors name the editor's file, not the merged text.
 */
export async function compileMjml(mjml: string, lines: SourceLine[], options: MjmlOptions): Promise<string> {
  const reply = await runMjml(mjml);
  if (reply.ok) return reply.html;
  if (reply.errors && reply.errors.length > 0) {
    throw new TemplateError(reply.errors.map((issue) => problemAt(issue, lines, options.layoutFile)));
  }
  throw new TemplateError({ file: options.layoutFile, message: `MJML: ${reply.message}` });
}

function problemAt(issue: MjmlIssue, lines: SourceLine[], fallbackFile: string): TemplateProblem {
  const source = issue.line !== undefined ? lines[issue.line - 1] : undefined;
  const tag = issue.tagName ? ` (in <${issue.tagName}>)` : "";
  const message = `MJML: ${issue.message ?? "invalid MJML"}${tag}`;
  if (!source || source.line === 0) return { file: fallbackFile, message };
  return { file: source.file, line: source.line, message };
}

/**
 * Removes the indentation MJML writes at the start of every line: about a quarter
 * of the size, which counts against Gmail's 102 KB. Safe because the email has no
 * <pre> or <textarea>, where leading spaces would show.
 */
export function trimIndentation(html: string): string {
  return html.replace(/\n[ \t]+/g, "\n").replace(/\n{2,}/g, "\n");
}
