/**
 * SIGINT and SIGTERM for every command, handled once: the first one aborts the signal
 * given to the command's run(); a command that cannot stop at a safe point (see
 * `graceful` in command.ts), or a second signal, ends the process at once, with the
 * code a shell reports for a signal (128 + its number).
 */
import { constants } from "node:os";

export interface StopWatch {
  signal: AbortSignal;
  /** Stops listening (the command is done). */
  dispose(): void;
}

const SIGNALS = ["SIGINT", "SIGTERM"] as const;

/** The code a shell gives a process ended by `signal`: 130 for SIGINT, 143 for SIGTERM. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + constants.signals[signal];
}

export function watchStopSignals(options: { graceful: boolean; say: (line: string) => void }): StopWatch {
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (options.graceful && !stop.signal.aborted) {
      stop.abort(signal);
      return;
    }
    // A second signal: leave now. A lock left behind names a dead pid, and the send log resumes.
    if (options.graceful) options.say(`${signal} again, exiting without waiting`);
    process.exit(signalExitCode(signal));
  };
  for (const name of SIGNALS) process.on(name, onSignal);
  return {
    signal: stop.signal,
    dispose: () => {
      for (const name of SIGNALS) process.off(name, onSignal);
    },
  };
}
