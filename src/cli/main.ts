#!/usr/bin/env node
// The `news-digest` binary: runs the command line in this process and exits with its code.
import { runCli } from "./news-digest.js";
import { processIo } from "./kit/index.js";

runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A bug, not a usage or input problem: those are answered with a line of their own.
    process.stderr.write(`news-digest: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
