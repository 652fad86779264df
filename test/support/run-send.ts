// `news-digest send` in a child process of its own, without the other commands'
// imports: the crash test kills this process with SIGKILL mid-run.
import { runSend } from "../../src/cli/send.js";

runSend(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`run-send: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
