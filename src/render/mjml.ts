/**
 * MJML -> HTML, with validation on `strict`: a template that MJML would silently
 * "fix" (an unknown tag, a misplaced element, an attribute that does not exist)
 * fails instead, reported at the template file and line it came from.
 *
 * MJML runs in a worker thread. Loading it costs most of a second of CPU (about
 * 640 modules); in a worker that happens alongside reading and analysing the
 * stories on the main thread, so a one-shot `news-digest build` pays for it once,
 * not on top of everything else. `preloadMjml()` starts the worker early; the
 * worker is reused by every later compile and never keeps the process alive.
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { TemplateError, type TemplateProblem } from "./errors.js";
import type { SourceLine } from "./template-ast.js";

interface MjmlIssue {
  line?: number;
  message?: string;
  tagName?: string;
}

type Reply = { id: number; ok: true; html: string } | { id: number; ok: false; message: string; errors?: MjmlIssue[] };

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
  private readonly pending = new Map<number, (reply: Reply) => void>();
  private nextId = 1;
  failure: Error | undefined;

  constructor() {
    const mjmlPath = createRequire(import.meta.url).resolve("mjml");
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { mjmlPath } });
    this.worker.on("message", (reply: Reply) => {
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

  compile(mjml: string): Promise<Reply> {
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

export interface MjmlOptions {
  /** Layout file, named when an error has no line. */
  layoutFile: string;
}

/**
 * Compiles MJML to HTML. `lines` maps each line of `mjml` to the template it came
 * from (see ./template-ast.ts), so errors name the editor's file, not the merged text.
 */
export async function compileMjml(mjml: string, lines: SourceLine[], options: MjmlOptions): Promise<string> {
  preloadMjml();
  const reply = await shared!.compile(mjml);
  if (reply.ok) return reply.html;
  if (reply.errors && reply.errors.length > 0) {
    throw new TemplateError(reply.errors.map((issue) => problemAt(issue, lines, options.layoutFile)));
  }
  throw new TemplateError({ file: options.layoutFile, message: `MJML: ${reply.message}` });
}

function problemAt(issue: MjmlIssue, lines: SourceLine[], fallbackFile: string): TemplateProblem {
  const source = issue.line !== undefined ? lines[issue.line - 1] : undefined;
  const tag = issue.tagName ? ` (in <${issue.tagName}>)` : "";
  const message = `MJML: ${issue.message ?? "invalid MJML"}${tag}`;
  if (!source || source.line === 0) return { file: fallbackFile, message };
  return { file: source.file, line: source.line, message };
}

/**
 * Removes the indentation MJML writes at the start of every line: about a quarter
 * of the size, which counts against Gmail's 102 KB. Safe because the email has no
 * <pre> or <textarea>, where leading spaces would show.
 */
export function trimIndentation(html: string): string {
  return html.replace(/\n[ \t]+/g, "\n").replace(/\n{2,}/g, "\n");
}
