/**
 * MJML runs in a worker thread. Loading it costs most of a second of CPU (about
 * 640 modules); in a worker that happens alongside reading and analysing the
 * stories on the main thread, so a one-shot `news-digest build` pays for it once,
 * not on top of everything else. `preloadMjml()` starts the worker early; the
 * worker is reused by every later compile and never keeps the process alive.
 *
 * A folder of its own, importing nothing but Node, so that the build command can
 * start the worker before it loads anything else (the render stage and its imports
 * take tens of milliseconds that MJML's load would otherwise wait for).
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

export interface MjmlIssue {
  line?: number;
  message?: string;
  tagName?: string;
}

export type MjmlReply = { id: number; ok: true; html: string } | { id: number; ok: false; message: string; errors?: MjmlIssue[] };

// Run with \`eval\`: no file to find next to this module, so it works the same from
// src/ (tests) and dist/. Written to run as CommonJS or as an ES module (the worker
// inherits --input-type from the parent), so it loads everything with import().
const WORKER_SOURCE = `
(async () => {
  const { parentPort, workerData } = await import("node:worker_threads");
  const { createRequire } = await import("node:module");
  const mjml2html = createRequire(workerData.mjmlPath)(workerData.mjmlPath);
  parentPort.on("message", async ({ id, mjml, options }) => {
    try {
      const result = await mjml2html(mjml, options);
      parentPort.postMessage({ id, ok: true, html: result.html });
    } catch (error) {
      const errors = Array.isArray(error && error.errors)
        ? error.errors.map((e) => ({ line: e.line, message: e.message, tagName: e.tagName }))
        : undefined;
      parentPort.postMessage({ id, ok: false, message: String((error && error.message) || error), errors });
    }
  });
})();
`;

const MJML_OPTIONS = {
  validationLevel: "strict",
  // No web fonts: MJML would add <link> tags to Google Fonts, external CSS.
  fonts: {},
  // Template comments are notes for editors, not for readers.
  keepComments: false,
  minify: false,
  beautify: false,
};

class MjmlWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, (reply: MjmlReply) => void>();
  private nextId = 1;
  failure: Error | undefined;

  constructor() {
    const mjmlPath = createRequire(import.meta.url).resolve("mjml");
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { mjmlPath } });
    this.worker.on("message", (reply: MjmlReply) => {
      const resolve = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.worker.unref();
      resolve?.(reply);
    });
    const fail = (error: Error) => {
      this.failure = error;
      this.worker.unref();
      for (const resolve of this.pending.values()) resolve({ id: 0, ok: false, message: `MJML worker stopped: ${error.message}` });
      this.pending.clear();
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => fail(new Error(`exited with code ${code}`)));
    // Last, after every listener: on Node 20 adding a "message" listener refs the
    // worker's port again, so an earlier unref() would be undone and an idle worker
    // would keep the process alive forever (e.g. after a build fails before rendering).
    // compile() refs it again while a reply is pending.
    this.worker.unref();
  }

  compile(mjml: string): Promise<MjmlReply> {
    const id = this.nextId++;
    // Keep the process alive while a compile is in flight, and only then.
    this.worker.ref();
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ id, mjml, options: MJML_OPTIONS });
    });
  }
}

let shared: MjmlWorker | undefined;

/** Starts loading MJML in its worker, so the load overlaps other work. Idempotent. */
export function preloadMjml(): void {
  if (!shared || shared.failure) shared = new MjmlWorker();
}

/** MJML -> HTML in the worker (started now if it is not yet), or the errors MJML reported. */
export function runMjml(mjml: string): Promise<MjmlReply> {
  preloadMjml();
  return shared!.compile(mjml);
}
