/**
 * A failed build as the preview page shows it: a title and one line per problem,
 * each with the file, line and column when known, so that an editor can go straight
 * there. Errors of bad input (templates, config, email rules) come with their own
 * locations; anything else is a bug, shown with its message. Pure.
 */
import { ConfigError } from "../../config/index.js";
import { EmailRuleError, TemplateError } from "../../render/index.js";

interface FailureProblem {
  file?: string;
  line?: number;
  column?: number;
  message: string;
}

export interface BuildFailure {
  title: string;
  problems: FailureProblem[];
  /** True for errors that are not bad input: the page shows them as a bug to report. */
  unexpected: boolean;
}

/** "file:line: message" (as ConfigError writes its issues) split into its parts. */
function locatedLine(text: string): FailureProblem {
  const match = /^(.+?):(\d+): (.*)$/s.exec(text);
  if (match) return { file: match[1]!, line: Number(match[2]), message: match[3]! };
  const fileOnly = /^([^\s:]+\.json): (.*)$/s.exec(text);
  return fileOnly ? { file: fileOnly[1]!, message: fileOnly[2]! } : { message: text };
}

export function describeFailure(error: unknown): BuildFailure {
  if (error instanceof TemplateError) {
    return {
      title: "Template error",
      problems: error.problems.map((p) => ({
        file: p.file,
        ...(p.line === undefined ? {} : { line: p.line }),
        ...(p.column === undefined ? {} : { column: p.column }),
        message: p.message,
      })),
      unexpected: false,
    };
  }
  if (error instanceof ConfigError) {
    return { title: "Config error", problems: error.issues.map(locatedLine), unexpected: false };
  }
  if (error instanceof EmailRuleError) {
    return { title: "The email breaks a mail-client rule", problems: error.problems.map((message) => ({ message })), unexpected: false };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { title: "Build failed", problems: [{ message }], unexpected: true };
}

export function formatFailure(failure: BuildFailure): string {
  const lines = failure.problems.map((p) => {
    const where = [p.file, p.line, p.line !== undefined ? p.column : undefined].filter((part) => part !== undefined).join(":");
    return where ? `${where}: ${p.message}` : p.message;
  });
  return `${failure.title}:\n${lines.map((line) => `  ${line}`).join("\n")}`;
}
