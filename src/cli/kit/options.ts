/**
 * A command's flags, declared once: parsing, the one-line errors for a mistyped flag and
 * the --help text (help.ts) all come from the same declaration.
 */
import { parseArgs } from "node:util";
import { didYouMean } from "./suggest.js";

interface OptionBase {
  /** One line (or a few words) for --help; wrapped to fit. */
  description: string;
  short?: string;
}
export interface StringOption extends OptionBase {
  type: "string";
  /** The value's placeholder in --help: PATH, N/s, YYYY-MM-DD. */
  value: string;
  /** May be given more than once; the values come as a list. */
  multiple?: boolean;
}
export interface BooleanOption extends OptionBase {
  type: "boolean";
}
export type OptionSpec = StringOption | BooleanOption;
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** What parsing gives for each declared flag (absent when not given). */
export type OptionValues<O extends OptionSpecs> = {
  -readonly [K in keyof O]?: O[K] extends BooleanOption ? boolean : O[K] extends { multiple: true } ? string[] : string;
};

/** Every command has it; the kit answers it before the command runs. */
export const HELP_OPTION: BooleanOption = { type: "boolean", short: "h", description: "show this help and exit" };

export type Parsed<O extends OptionSpecs> =
  | { ok: true; values: OptionValues<O>; positionals: string[]; help: boolean }
  | { ok: false; error: string };

/** Parses `argv` against `options`; a problem is one line naming the flag, with a suggestion when one is near. */
export function parseOptions<O extends OptionSpecs>(argv: string[], options: O, allowPositionals: boolean): Parsed<O> {
  const all: OptionSpecs = { ...options, help: HELP_OPTION };
  const config = Object.fromEntries(
    Object.entries(all).map(([name, spec]) => [
      name,
      { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.type === "string" && spec.multiple ? { multiple: true } : {}) },
    ]),
  );
  // Not strict: Node's own messages are long and name no near flag; the tokens are checked below.
  const { values, positionals, tokens } = parseArgs({ args: argv, options: config, strict: false, allowPositionals: true, tokens: true });
  const flags = Object.keys(all).map((name) => `--${name}`);
  for (const token of tokens) {
    if (token.kind === "positional" && !allowPositionals) return { ok: false, error: `unexpected argument "${token.value}"` };
    if (token.kind !== "option") continue;
    const spec = all[token.name];
    if (!spec) return { ok: false, error: `unknown option ${token.rawName}${didYouMean(`--${token.name}`, flags)}` };
    if (spec.type === "string" && (token.value === undefined || (!token.inlineValue && token.value.startsWith("-")))) {
      return { ok: false, error: `${token.rawName} needs a value (--${token.name} ${spec.value})` };
    }
    if (spec.type === "boolean" && token.value !== undefined) return { ok: false, error: `${token.rawName} takes no value` };
  }
  const { help, ...rest } = values;
  return { ok: true, values: rest as OptionValues<O>, positionals, help: help === true };
}
