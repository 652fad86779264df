/**
 * A template that cannot be rendered: a Handlebars syntax error, an unknown
 * variable, an MJML validation error, a missing file. Every problem names the
 * template file and, where known, its line, so an editor can go straight there.
 */

export interface TemplateProblem {
  /** Template file as given (relative to where the tool runs when it was relative). */
  file: string;
  line?: number;
  column?: number;
  message: string;
}

export function formatProblem(problem: TemplateProblem): string {
  const where = [problem.file, problem.line, problem.line !== undefined ? problem.column : undefined]
    .filter((part) => part !== undefined)
    .join(":");
  return `${where}: ${problem.message}`;
}

export class TemplateError extends Error {
  readonly problems: TemplateProblem[];
  constructor(problems: TemplateProblem | TemplateProblem[]) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list.map(formatProblem).join("\n"));
    this.name = "TemplateError";
    this.problems = list;
  }
  /** The first problem: the one to fix first. */
  get primary(): TemplateProblem {
    return this.problems[0]!;
  }
}

/** An edition that breaks an email-client rule (size, scripts, empty links...). */
export class EmailRuleError extends Error {
  constructor(
    readonly problems: string[],
    /** The HTML's size, so a caller can tell how far over MAX_HTML_BYTES it was. */
    readonly htmlBytes?: number,
  ) {
    super(problems.map((p) => `email rule: ${p}`).join("\n"));
    this.name = "EmailRuleError";
  }
}
