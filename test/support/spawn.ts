// The compiled `news-digest` binary (dist/, built by test/support/dist.ts) in a child
// process: for the tests about the process itself (exit codes, signals, a crash).
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));
export const BIN = fileURLToPath(new URL("../../dist/src/cli/main.js", import.meta.url));
/** A process still running after this long is taken to hang: it is killed. */
export const HANG_MS = 20_000;

export interface CliProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Exit code, or the signal that ended the process. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface SpawnOptions {
  cwd?: string;
  /** The whole environment (only PATH is added): nothing leaks in from the developer's shell. */
  env?: NodeJS.ProcessEnv;
  /** A process still running after this long is killed (default HANG_MS). */
  hangMs?: number;
}

/** `news-digest ...args`, running; killed with SIGKILL should it outlive HANG_MS. */
export function spawnCli(args: string[], options: SpawnOptions = {}): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO,
    env: { PATH: process.env.PATH, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
  const killer = setTimeout(() => child.kill("SIGKILL"), options.hangMs ?? HANG_MS);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("close", (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal });
    }),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** `news-digest ...args` run to its end. */
export async function runCliProcess(args: string[], options: SpawnOptions = {}): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const run = spawnCli(args, options);
  const exit = await run.exited;
  return { ...exit, stdout: run.stdout(), stderr: run.stderr() };
}
