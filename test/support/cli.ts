// Runs a `news-digest` command in this process, as the binary does, with its output
// captured: the io the command is given is the test's (see src/cli/kit/io.ts).
import { Readable } from "node:stream";
import { runCli } from "../../src/cli/news-digest.js";
import type { Command, CommandIo } from "../../src/cli/kit/index.js";

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

export interface TestIoOptions {
  /** The command's environment; process.env (as vi.stubEnv leaves it) when not given. */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Stops the command as SIGINT would; never, when not given. */
  signal?: AbortSignal;
  /** What the command reads as standard input; nothing, when not given. */
  stdin?: string | Buffer;
}

/** `command` with `argv` (the arguments after its name). */
export function runCommand(command: Command, argv: string[], options: TestIoOptions = {}): Promise<Captured> {
  return capture((io) => command.run(argv, io), options);
}

/** The whole command line, `news-digest` itself included: `runCli(["inspect", "--json"])`. */
export function runCliInProcess(argv: string[], options: TestIoOptions = {}): Promise<Captured> {
  return capture((io) => runCli(argv, io), options);
}

async function capture(run: (io: CommandIo) => Promise<number>, options: TestIoOptions): Promise<Captured> {
  let stdout = "";
  let stderr = "";
  const io: CommandIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    env: options.env ?? process.env,
    cwd: options.cwd ?? process.cwd(),
    // A signal of the test's own: the process's SIGINT and SIGTERM stay vitest's.
    signal: options.signal ?? new AbortController().signal,
    stdin: Readable.from([Buffer.from(options.stdin ?? "")]),
  };
  const code = await run(io);
  return { code, stdout, stderr };
}
