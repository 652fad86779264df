/**
 * defineCommand: what every `news-digest` command shares, so that each one only says
 * what it takes and what it does. The kit parses the flags (one-line errors with a
 * suggestion), answers --help from the declaration, turns a usage error or a bad config
 * file into exit code 2, and gives run() an AbortSignal for SIGINT/SIGTERM.
 */
import { ConfigError } from "../../config/index.js";
import { EXIT } from "./exit-codes.js";
import { helpText } from "./help.js";
import type { CommandIo } from "./io.js";
import { parseOptions, type OptionSpecs, type OptionValues } from "./options.js";
import { watchStopSignals } from "./stop.js";
import { terminalSafe } from "./terminal-text.js";

export const PROGRAM = "news-digest";

/** Bad usage or input, said in one line: the kit prints "news-digest <command>: <message>" and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export interface CommandContext<O extends OptionSpecs> {
  values: OptionValues<O>;
  positionals: string[];
  /** The arguments as given (send prints them back as the command that resumes). */
  argv: string[];
  io: CommandIo;
  /** Aborted by the first SIGINT/SIGTERM (or by io.signal). */
  signal: AbortSignal;
  /** Writes "news-digest <command>: <line>" to stderr. */
  say(line: string): void;
}

export interface CommandDefinition<O extends OptionSpecs> {
  name: string;
  /** One line for `news-digest --help`. */
  summary: string;
  /** What follows the command name on the usage line: "[options] [story paths...]". */
  usage: string;
  /** Paragraphs for --help between the usage line and the options. */
  about?: string;
  /** Paragraphs for --help after the options. */
  notes?: string;
  options: O;
  /** Takes positional arguments (paths); without it, one is a usage error. */
  positionals?: boolean;
  /**
   * Watches `signal` and stops at a safe point; a second signal still ends it at once.
   * Without it, a signal ends the command at once: it has nothing to leave half done.
   */
  graceful?: boolean;
  run(context: CommandContext<O>): Promise<number>;
}

export interface Command {
  name: string;
  summary: string;
  help(): string;
  run(argv: string[], io: CommandIo): Promise<number>;
}

export function defineCommand<const O extends OptionSpecs>(definition: CommandDefinition<O>): Command {
  const prefix = `${PROGRAM} ${definition.name}`;
  const help = (): string =>
    helpText({ command: prefix, usage: definition.usage, about: definition.about, options: definition.options, notes: definition.notes });
  return {
    name: definition.name,
    summary: definition.summary,
    help,
    async run(argv, io) {
      const say = (line: string): void => io.stderr(`${prefix}: ${line}\n`);
      const parsed = parseOptions(argv, definition.options, definition.positionals === true);
      if (!parsed.ok) {
        say(terminalSafe(parsed.error));
        return EXIT.usage;
      }
      if (parsed.help) {
        io.stdout(help());
        return EXIT.done;
      }
      const stop = io.signal ? { signal: io.signal, dispose: () => undefined } : watchStopSignals({ graceful: definition.graceful === true, say });
      try {
        return await definition.run({ values: parsed.values, positionals: parsed.positionals, argv, io, signal: stop.signal, say });
      } catch (error) {
        if (error instanceof UsageError) {
          say(terminalSafe(error.message));
          return EXIT.usage;
        }
        if (error instanceof ConfigError) {
          for (const issue of error.issues) io.stderr(`${terminalSafe(issue)}\n`);
          return EXIT.usage;
        }
        throw error;
      } finally {
        stop.dispose();
      }
    },
  };
}
