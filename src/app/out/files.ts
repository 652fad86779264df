/**
 * Writes an edition's preview files into out/<edition-id>/:
 *   index.html    the HTML a reader gets (the sample recipient's copy)
 *   index.txt     its plain-text part
 *   digest.json   the view model the templates received
 *   message.eml   the whole MIME message for the sample recipient
 *   edition.json  the compiled edition with its placeholders, for `send --edition`
 *
 * Atomically: every file is first written under a temporary name in the same
 * folder, and only when all of them are on disk are they renamed into place. A
 * crash or a full disk leaves the previous files whole, never half a file.
 */
import { randomBytes } from "node:crypto";
import { mkdir, open, rename, unlink } from "node:fs/promises";
import { join } from "node:path";
import type { Digest, RenderedEdition } from "../../model.js";
import { emlFileMessenger, type OutgoingMessage } from "../../deliver/message/index.js";

export interface PreviewContent {
  html: string;
  text: string;
  digest: Digest;
  /** The sample reader's message, written as message.eml by the .eml messenger. */
  message: OutgoingMessage;
  edition: RenderedEdition;
}

export interface PreviewPaths {
  dir: string;
  html: string;
  text: string;
  digest: string;
  eml: string;
  edition: string;
}

/** Ids become folder names: nothing that could climb out of out/. */
function checkEditionId(editionId: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(editionId) || editionId.includes("..")) {
    throw new Error(`edition id ${JSON.stringify(editionId)} cannot be used as a folder name`);
  }
}

async function writeDurably(file: string, content: string): Promise<void> {
  const handle = await open(file, "wx");
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function previewPaths(outDir: string, editionId: string): PreviewPaths {
  checkEditionId(editionId);
  const dir = join(outDir, editionId);
  return {
    dir,
    html: join(dir, "index.html"),
    text: join(dir, "index.txt"),
    digest: join(dir, "digest.json"),
    eml: join(dir, "message.eml"),
    edition: join(dir, "edition.json"),
  };
}

export async function writePreviewFiles(outDir: string, content: PreviewContent): Promise<PreviewPaths> {
  const paths = previewPaths(outDir, content.edition.editionId);
  await mkdir(paths.dir, { recursive: true });
  const files: Array<[string, string | OutgoingMessage]> = [
    [paths.html, content.html],
    [paths.text, content.text],
    [paths.digest, JSON.stringify(content.digest, null, 2) + "\n"],
    [paths.eml, content.message],
    [paths.edition, JSON.stringify(content.edition, null, 2) + "\n"],
  ];
  const suffix = `.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  const temporary = files.map(([file, body]) => [file, `${file}${suffix}`, body] as const);
  try {
    await Promise.all(
      temporary.map(([, temp, body]) => (typeof body === "string" ? writeDurably(temp, body) : emlFileMessenger(() => temp).send(body))),
    );
  } catch (error) {
    await Promise.all(temporary.map(([, temp]) => unlink(temp).catch(() => undefined)));
    throw error;
  }
  for (const [file, temp] of temporary) await rename(temp, file);
  return paths;
}
