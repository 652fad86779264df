/**
 * Where a command reads its surroundings and writes its output: the process's, or a
 * test's, so that commands run in-process under test exactly as they do from a shell.
 */
import { Writable } from "node:stream";

export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Where the default config file is looked for and printed paths are relative to. */
  cwd: string;
  /** Stops the command as SIGINT/SIGTERM would; without it, the process's signals do (see stop.ts). */
  signal?: AbortSignal;
  /** stderr is a terminal: `send` redraws a progress bar there instead of printing lines. */
  stderrIsTerminal?: boolean;
  /** What `-` reads (`bounces -` in a mail pipe); a command given none has no standard input. */
  stdin?: AsyncIterable<Uint8Array | string>;
}

/** The running process's streams, environment and working directory. */
export function processIo(): CommandIo {
  return {
    stdout: (text) => {
      quietOnClosedPipe();
      process.stdout.write(text);
    },
    stderr: (text) => void process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    stderrIsTerminal: process.stderr.isTTY === true,
    stdin: process.stdin,
  };
}

/** `news-digest inspect | head` closes stdout early; that ends the output, it is not a crash. */
function quietOnClosedPipe(): void {
  if (process.stdout.listenerCount("error") > 0) return;
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
}

/** A stream over one of the io's writers, for code that writes to a stream (send's progress). */
export function streamOf(write: (text: string) => void): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      write(String(chunk));
      done();
    },
  });
}
