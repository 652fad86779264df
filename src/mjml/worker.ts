/**
 * MJML runs in a worker thread. Loading the whole package costs about half a second
 * of CPU (640 modules; the worker loads 170 of them, see LAZY_MJML_CORE_MODULES);
 * in a worker that happens alongside reading and analysing the
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

/**
 * Modules that mjml-core requires when it loads but uses only for options this
 * renderer never sets, or for markup templates seldom hold: juice (inlining
 * `<mj-style inline="inline">`), cheerio (`<mj-html-attributes>`), htmlnano and
 * cssnano's preset (`minify`), js-beautify behind formatHtml (`beautify`). With the
 * two copies of undici that the two cheerios load for `fromURL`, they are about 470
 * of MJML's 640 modules and over half its load.
 *
 * The worker hands mjml-core a stand-in for each, which requires the real module the
 * first time mjml-core calls it or reads a property from it; a template that inlines
 * styles still gets juice, from then on. Babel's interop helpers read `__esModule`
 * when mjml-core loads, so the stand-in answers that itself: the value the real
 * module has, as a boolean (test/mjml/worker.test.ts checks the table against the
 * installed modules).
 */
export const LAZY_MJML_CORE_MODULES: Readonly<Record<string, boolean>> = {
  juice: false,
  cheerio: true,
  htmlnano: false,
  "cssnano-preset-lite": false,
  "./helpers/formatHtml": true,
};

// Run with \`eval\`: no file to find next to this module, so it works the same from
// src/ (tests) and dist/. Written to run as CommonJS or as an ES module (the worker
// inherits --input-type from the parent), so it takes Node's modules from
// process.getBuiltinModule: import() would load the ES module loader into the worker
// first, for nothing.
const WORKER_SOURCE = `
(() => {
  const { parentPort, workerData } = process.getBuiltinModule("node:worker_threads");
  const Module = process.getBuiltinModule("node:module");
  const { createRequire } = Module;
  const { mjmlPath, lazy } = workerData;
  const corePath = createRequire(mjmlPath).resolve("mjml-core");
  const load = Module._load;
  // Only while mjml loads, and only for what mjml-core's own index requires.
  Module._load = function (request, parent, isMain) {
    if (!parent || parent.filename !== corePath || !Object.hasOwn(lazy, request)) return load.apply(this, arguments);
    const esModule = lazy[request];
    let real;
    const actual = () => (real ??= load.call(Module, request, parent, false));
    return new Proxy(function () {}, {
      get: (_, key) => (key === "__esModule" ? esModule : Reflect.get(actual(), key)),
      set: (_, key, value) => Reflect.set(actual(), key, value),
      has: (_, key) => Reflect.has(actual(), key),
      apply: (_, self, args) => Reflect.apply(actual(), self, args),
    });
  };
  let mjml2html;
  try {
    mjml2html = createRequire(mjmlPath)(mjmlPath);
  } finally {
    Module._load = load;
  }
  // Warm-up: see WARM_UP below. Its result and any error are dropped.
  mjml2html(workerData.warmUp, workerData.options).catch(() => undefined);
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

/** The options of every compile (exported for the tests that compare the worker with MJML itself). */
export const MJML_OPTIONS = {
  validationLevel: "strict",
  // No web fonts: MJML would add <link> tags to Google Fonts, external CSS.
  fonts: {},
  // Template comments are notes for editors, not for readers.
  keepComments: false,
  minify: false,
  beautify: false,
};

/**
 * A small document the worker compiles as soon as MJML has loaded. A first compile runs
 * MJML's code cold (about twice as long as the next); done now, that part overlaps the
 * main thread's reading and analysing instead of holding up the edition's compile, which
 * the build waits for. The common body components, attributes and a style, nothing that
 * loads a stand-in (LAZY_MJML_CORE_MODULES).
 */
export const WARM_UP = `<mjml><mj-head><mj-title>w</mj-title><mj-preview>w</mj-preview><mj-attributes><mj-all font-family="Arial" /><mj-class name="w" color="#000" /></mj-attributes><mj-breakpoint width="480px" /><mj-style>.w { color: #000 }</mj-style></mj-head><mj-body><mj-wrapper><mj-section><mj-column><mj-text mj-class="w">w</mj-text><mj-image src="https://example.com/w.png" alt="" /><mj-divider /><mj-spacer /></mj-column></mj-section></mj-wrapper><mj-raw><p>w</p></mj-raw></mj-body></mjml>`;

class MjmlWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, (reply: MjmlReply) => void>();
  private nextId = 1;
  failure: Error | undefined;

  constructor() {
    const mjmlPath = createRequire(import.meta.url).resolve("mjml");
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { mjmlPath, lazy: LAZY_MJML_CORE_MODULES, warmUp: WARM_UP, options: MJML_OPTIONS } });
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
