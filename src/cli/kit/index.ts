// The kit every `news-digest` command is made with: see command.ts.
export { defineCommand, PROGRAM, UsageError, type Command, type CommandContext, type CommandDefinition } from "./command.js";
export { EXIT, type ExitCode } from "./exit-codes.js";
export { processIo, streamOf, type CommandIo } from "./io.js";
export type { OptionSpecs, OptionValues } from "./options.js";
export { didYouMean } from "./suggest.js";
export { formatLocated, terminalSafe, type Located } from "./terminal-text.js";
export { CONFIG_OPTION, SMTP_OPTION, STATE_OPTION, TEMPLATES_OPTION } from "./shared-options.js";
export { favourMemoryOverSpeed } from "./heap.js";
