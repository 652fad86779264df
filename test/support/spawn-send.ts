/**
 * Runs `news-digest send` (src/cli/send.ts) in a child node process, straight from the
 * TypeScript sources through ts-register.mjs: no build step, works from a clean clone.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { RenderedEdition } from "../../src/model.js";
import { placeholder, RECIPIENT_KEYS } from "../../src/render/placeholders.js";
import { NEWSROOM, TOKEN_KEY } from "./edition.js";

const REGISTER = fileURLToPath(new URL("./ts-register.mjs", import.meta.url));
const RUNNER = fileURLToPath(new URL("./run-send.ts", import.meta.url));

export interface SendProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Exit code, or the signal that ended the process. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnSend(args: string[], env: NodeJS.ProcessEnv = {}): SendProcess {
  const child = spawn(process.execPath, ["--import", REGISTER, RUNNER, ...args], {
    env: { PATH: process.env.PATH, NEWS_DIGEST_TOKEN_KEY: TOKEN_KEY, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

export async function runSendCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = spawnSend(args, env);
  const { code } = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

/** An edition compiled the way render compiles one: recipient fields as render's placeholders. */
export function renderedEdition(editionId = "2024-06-20-cli-digest", storyIds = ["story-a"]): RenderedEdition {
  const name = placeholder(RECIPIENT_KEYS.name);
  const unsubscribe = placeholder(RECIPIENT_KEYS.unsubscribeUrl);
  return {
    editionId,
    subject: "CLI digest",
    preheader: "",
    html: `<!doctype html><html><body><p>Hello ${name}</p><p><a href="${unsubscribe}">Unsubscribe</a></p></body></html>`,
    text: `Hello ${name}\nUnsubscribe: ${unsubscribe}\n`,
    storyIds,
  };
}

/** Writes edition.json and a config file into `dir`; returns their paths. */
export async function writeSendInputs(
  dir: string,
  send: Record<string, unknown> = {},
  edition: RenderedEdition = renderedEdition(),
): Promise<{ edition: string; config: string; stateDir: string }> {
  const stateDir = join(dir, "state");
  const config = {
    title: "CLI Digest",
    slug: "cli-digest",
    from: "CLI Digest <digest@news.test-newsroom.org>",
    links: NEWSROOM.links,
    preview: { recipient: { email: "reader@example.com", name: "Test Reader" } },
    send: { stateDir, retryDelayMs: 5, maxRetryDelayMs: 50, ...send },
  };
  const paths = { edition: join(dir, "edition.json"), config: join(dir, "config.json"), stateDir };
  await writeFile(paths.edition, JSON.stringify(edition));
  await writeFile(paths.config, JSON.stringify(config, null, 2));
  return paths;
}
