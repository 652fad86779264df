#!/usr/bin/env node
// The `news-digest` binary: runs the command line in this process and exits with its code.
const argv = process.argv.slice(2);
// A build's MJML worker starts before anything else loads, the command line's own
// modules included: requiring MJML is the longest part of a build, and it runs on
// its own thread while the rest loads (see ../mjml/worker.ts).
if (argv[0] === "build") (await import("../mjml/index.js")).preloadMjml();
const [{ runCli }, { processIo }] = await Promise.all([import("./news-digest.js"), import("./kit/index.js")]);

runCli(argv, processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A bug, not a usage or input problem: those are answered with a line of their own.
    process.stderr.write(`news-digest: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
