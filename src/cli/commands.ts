/**
 * The commands of `news-digest`, by name. Each one's module is imported only when that
 * command runs, so one command never pays for the others' imports (build's budget is
 * 1.5 s including Node's start).
 */
import type { Command } from "./kit/index.js";

export const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  // The MJML worker starts before build's own imports load: requiring mjml is most of a
  // build's time, and it runs on its own thread while the rest loads (see mjml/worker.ts).
  build: async () => ((await import("../mjml/index.js")).preloadMjml(), (await import("./build.js")).buildCommand),
  shots: async () => (await import("./shots.js")).shotsCommand,
  preview: async () => (await import("./preview.js")).previewCommand,
  inspect: async () => (await import("./inspect.js")).inspectCommand,
  send: async () => (await import("./send.js")).sendCommand,
  editions: async () => (await import("./editions.js")).editionsCommand,
  schedule: async () => (await import("./schedule.js")).scheduleCommand,
  suppressions: async () => (await import("./suppressions.js")).suppressionsCommand,
  bounces: async () => (await import("./bounces.js")).bouncesCommand,
  serve: async () => (await import("./serve.js")).serveCommand,
  archive: async () => (await import("./archive.js")).archiveCommand,
  worker: async () => (await import("./worker.js")).workerCommand,
};

export const COMMAND_NAMES = Object.keys(COMMANDS);
