// Node module hooks that let a child process run the TypeScript sources directly,
// the way vitest runs them in-process: "./x.js" imports resolve to "./x.ts", and .ts
// files are stripped of their types (no type check: `tsc -p tsconfig.test.json` does
// that). Used by the tests that must kill a real sender process; see ts-register.mjs.
//
// The transform is oxc's, through rolldown (which vitest's vite already brings, and
// which starts in a fraction of the time typescript does); typescript's
// transpileModule is the fallback should rolldown's experimental API move.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const transpile = await (async () => {
  try {
    const { transformSync } = await import("rolldown/experimental");
    const probe = transformSync("probe.ts", "const probe: number = 1; export { probe };");
    if (typeof probe?.code !== "string" || probe.errors?.length) throw new Error("unexpected transform result");
    return (fileName, source) => {
      const result = transformSync(fileName, source, { sourcemap: false });
      if (result.errors?.length) throw new Error(`${fileName}: ${result.errors[0].message}`);
      return result.code;
    };
  } catch {
    const ts = (await import("typescript")).default;
    const compilerOptions = { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 };
    return (fileName, source) => ts.transpileModule(source, { compilerOptions, fileName }).outputText;
  }
})();

export async function resolve(specifier, context, nextResolve) {
  const parent = context.parentURL;
  if (parent && parent.endsWith(".ts") && specifier.endsWith(".js") && /^(\.{1,2}\/|\/|file:)/.test(specifier)) {
    const tsUrl = new URL(specifier.replace(/\.js$/, ".ts"), parent);
    if (existsSync(fileURLToPath(tsUrl))) return { url: tsUrl.href, format: "module", shortCircuit: true };
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.endsWith(".ts")) return nextLoad(url, context);
  const fileName = fileURLToPath(url);
  const source = await readFile(fileName, "utf8");
  return { format: "module", source: transpile(fileName, source), shortCircuit: true };
}
