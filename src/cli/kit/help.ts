/** A command's --help, made from its declaration so that it cannot drift from the flags it takes. */
import { HELP_OPTION, type OptionSpec, type OptionSpecs } from "./options.js";

const WIDTH = 88;

export interface HelpText {
  /** The program and command: "news-digest build". */
  command: string;
  /** What follows the command on the usage line: "[options] [story paths...]". */
  usage: string;
  /** Paragraphs between the usage line and the options. */
  about?: string | undefined;
  options: OptionSpecs;
  /** Paragraphs after the options. */
  notes?: string | undefined;
}

export function helpText({ command, usage, about, options, notes }: HelpText): string {
  const rows = Object.entries({ ...options, help: HELP_OPTION }).map(([name, spec]) => [flagColumn(name, spec), spec.description] as const);
  const left = Math.max(...rows.map(([flag]) => flag.length)) + 2;
  const lines = rows.flatMap(([flag, description]) => wrap(description, WIDTH - left).map((line, i) => (i === 0 ? flag.padEnd(left) : " ".repeat(left)) + line));
  return [`usage: ${command} ${usage}`, ...(about ? ["", about] : []), "", "options:", ...lines.map((l) => `  ${l}`), ...(notes ? ["", notes] : [])].join("\n") + "\n";
}

function flagColumn(name: string, spec: OptionSpec): string {
  const long = spec.type === "string" ? `--${name} ${spec.value}` : `--${name}`;
  return spec.short ? `-${spec.short}, ${long}` : long;
}

/** Words into lines of at most `width` characters (a longer word gets a line of its own). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  return [...lines, line];
}
