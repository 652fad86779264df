// The house rules for imports inside src/, as a function over a folder so that the
// rules themselves can be tested on a made-up tree.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

/** Lower layers first; a file may import only from its own layer or a lower one. */
const LAYERS: ReadonlyArray<readonly string[]> = [
  ["model.ts", "text", "state", "mjml"],
  ["config", "links"],
  ["ingest"],
  ["analyze"],
  ["compose"],
  ["render"],
  ["deliver"],
  ["pipeline.ts"],
  ["app"],
  ["cli"],
  ["index.ts"],
];

function layerOf(srcRoot: string, file: string): number {
  const top = relative(srcRoot, file).split(sep)[0]!;
  const layer = LAYERS.findIndex((names) => names.includes(top));
  if (layer < 0) throw new Error(`${relative(srcRoot, file)}: not in any layer: add "${top}" to LAYERS`);
  return layer;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") ? [path] : [];
  });
}

/** Every relative module specifier of a file: static imports, re-exports and import(). */
function specifiers(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;"']*?from\s*["'](\.[^"']+)["']|import\(\s*["'](\.[^"']+)["']\s*\)|(?:^|\n)\s*import\s*["'](\.[^"']+)["']/g)) {
    found.push((match[1] ?? match[2] ?? match[3])!);
  }
  return found;
}

/**
 * The folder whose face `target` must be reached through: the outermost folder that
 * holds `target` and an index.ts but not `from`. A folder without an index.ts (app/,
 * deliver/) is a shelf of modules, each with its own face.
 */
function faceFolder(srcRoot: string, from: string, target: string): string | null {
  let face: string | null = null;
  for (let dir = dirname(target); dir.startsWith(srcRoot + sep); dir = dirname(dir)) {
    if (!from.startsWith(dir + sep) && existsSync(join(dir, "index.ts"))) face = dir;
  }
  return face;
}

/** One line per broken rule: "file: imports spec: why". */
export function importViolations(srcRoot: string): string[] {
  const root = resolve(srcRoot);
  const problems: string[] = [];
  for (const file of sourceFiles(root)) {
    const text = readFileSync(file, "utf8");
    const fileLayer = layerOf(root, file);
    for (const spec of specifiers(text)) {
      const target = resolve(dirname(file), spec.replace(/\.js$/, ".ts"));
      const where = `${relative(root, file)}: imports ${spec}`;
      if (!existsSync(target)) {
        problems.push(`${where}: no such module`);
        continue;
      }
      if (layerOf(root, target) > fileLayer) problems.push(`${where}: runs the wrong way (a lower layer imports a higher one)`);
      const face = faceFolder(root, file, target);
      if (face !== null && target !== join(face, "index.ts")) problems.push(`${where}: reaches past ${relative(root, face)}/index.ts`);
    }
  }
  return problems;
}
