/**
 * Reads a compiled edition saved as JSON (a RenderedEdition, e.g. the edition.json
 * that `build` writes), for `send --edition FILE`: the scheduler can build once and
 * send what was previewed, byte for byte.
 */
import { readFile } from "node:fs/promises";
import type { RenderedEdition } from "../../model.js";

export class EditionFileError extends Error {}

export async function readEditionFile(path: string): Promise<RenderedEdition> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new EditionFileError(`${path}: cannot read the edition (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new EditionFileError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  return parseEdition(value, path);
}

export function parseEdition(value: unknown, file: string): RenderedEdition {
  const expected = `${file}: expected a compiled edition {"editionId", "subject", "preheader", "html", "text", "storyIds"}`;
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new EditionFileError(expected);
  const v = value as Record<string, unknown>;
  for (const key of ["editionId", "subject", "html", "text"] as const) {
    if (typeof v[key] !== "string" || (key !== "text" && v[key] === "")) throw new EditionFileError(`${expected}; "${key}" is missing or not a string`);
  }
  if (v.preheader !== undefined && typeof v.preheader !== "string") throw new EditionFileError(`${expected}; "preheader" is not a string`);
  if (!Array.isArray(v.storyIds) || !v.storyIds.every((id) => typeof id === "string")) {
    throw new EditionFileError(`${expected}; "storyIds" must be a list of strings`);
  }
  return {
    editionId: v.editionId as string,
    subject: v.subject as string,
    preheader: (v.preheader as string | undefined) ?? "",
    html: v.html as string,
    text: v.text as string,
    storyIds: v.storyIds as string[],
  };
}
