// Shared set-up for the preview server tests: a throw-away project (copies of the
// shipped templates and seed stories), raw HTTP requests that keep the path exactly
// as written, and waiting on conditions rather than for fixed times.
import { cp, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startPreview, type PreviewOptions, type RunningPreview } from "../../../src/app/preview/index.js";

/** A fixed "now", so every test run builds the same edition. */
export const PREVIEW_NOW = new Date("2024-06-20T07:00:00Z");

export interface TempProject {
  dir: string;
  templates: string;
  seeds: string;
  remove(): Promise<void>;
}

export async function tempProject(): Promise<TempProject> {
  const dir = await mkdtemp(join(tmpdir(), "nd-preview-"));
  const templates = join(dir, "templates");
  const seeds = join(dir, "seeds");
  await cp(resolve("templates"), templates, { recursive: true });
  await cp(resolve("seeds"), seeds, { recursive: true });
  return { dir, templates, seeds, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Starts the real preview on a temp project at the fixed "now", on a free port and with
 * an empty environment (so no real SMTP_URL or key leaks in); `overrides` win.
 */
export function startTestPreview(project: TempProject, overrides: Partial<PreviewOptions> = {}): Promise<RunningPreview> {
  return startPreview({
    stories: [project.seeds],
    templatesDir: project.templates,
    cwd: project.dir,
    now: PREVIEW_NOW,
    port: 0,
    env: {},
    ...overrides,
  });
}

/** Saves the way vim and JetBrains IDEs do: a new file renamed over the old one. */
export async function saveByRename(file: string, text: string): Promise<void> {
  const temporary = `${file}___jb_tmp___`;
  await writeFile(temporary, text);
  await rename(temporary, file);
}

export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 25));
  }
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request with the path sent exactly as given (no normalising of ../). */
export function rawRequest(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return new Promise((done, fail) => {
    const req = request(
      { host: "127.0.0.1", port, path, method: options.method ?? "GET", headers: { Host: `127.0.0.1:${port}`, ...options.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", fail);
      },
    );
    req.on("error", fail);
    req.end(options.body);
  });
}

/** The per-server token, as the preview page carries it. */
export function tokenFromPage(html: string): string {
  const token = /<meta name="preview-token" content="([0-9a-f]+)">/.exec(html)?.[1];
  if (!token) throw new Error("no preview token in the page");
  return token;
}
