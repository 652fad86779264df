/**
 * A tiny typed schema for hand-written JSON files (the config, the theme).
 *
 * Why not JSON Schema or a validation library: these files are edited by people,
 * so what matters is the error message ("limits.maxTopic" is not a key; did you
 * mean "maxTopics"?), defaults that fill every gap, and a TypeScript type derived
 * from the same declaration, so a key cannot exist in one place and not the other.
 *
 * A schema is a tree of `Spec`s. `parse` never throws: it records every problem in
 * `issues` and returns the default where a value is unusable, so one run reports
 * all the mistakes in a file at once.
 */

import type { JsonPositions } from "../text/index.js";

/** One problem with one value, located by its dotted key path ("limits.maxTopics"). */
export interface Issue {
  path: string;
  message: string;
}

export interface Spec<T> {
  /** What a valid value looks like, in words, for error messages. */
  readonly expected: string;
  /** The value used when the key is absent. */
  readonly fallback: () => T;
  /** Checks and converts `value`; on a problem, records it and returns the fallback. */
  parse(value: unknown, path: string, issues: Issue[]): T;
}

/** The TypeScript type a spec produces. */
export type Infer<S> = S extends Spec<infer T> ? T : never;

/** Keys starting with "$" ("$schema", "$comment") are notes for people and tools, never settings. */
export function isNoteKey(key: string): boolean {
  return key.startsWith("$");
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") {
    const shown = redactUserinfo(value);
    return JSON.stringify(shown.length > 40 ? shown.slice(0, 40) + "…" : shown);
  }
  return String(value);
}

/**
 * A bad value may be a url carrying a password ("smtp://user:secret@host"): error
 * messages end up in terminals and logs, so everything from "//" to the last "@" is
 * hidden. Greedy on purpose: a password may itself hold "@", "/" or spaces.
 */
function redactUserinfo(value: string): string {
  return value.replace(/([a-z][a-z0-9+.-]*:\/\/).*@/is, "$1***@");
}

function fail<T>(spec: Spec<T>, value: unknown, path: string, issues: Issue[]): T {
  issues.push({ path, message: `expected ${spec.expected}, got ${describe(value)}` });
  return spec.fallback();
}

export interface StringOptions {
  default: string;
  /** Words for the error message when `check` refuses a value. */
  expected?: string;
  /** Returns true when the (trimmed) value is acceptable. */
  check?: (value: string) => boolean;
  /** Whether "" is acceptable (it is not, unless said). */
  allowEmpty?: boolean;
}

export function string(options: StringOptions): Spec<string> {
  const spec: Spec<string> = {
    expected: options.expected ?? (options.allowEmpty ? "a string" : "a non-empty string"),
    fallback: () => options.default,
    parse(value, path, issues) {
      if (typeof value !== "string") return fail(spec, value, path, issues);
      const trimmed = value.trim();
      if (trimmed === "" && !options.allowEmpty) return fail(spec, value, path, issues);
      if (options.check && !options.check(trimmed)) return fail(spec, value, path, issues);
      return trimmed;
    },
  };
  return spec;
}

export function integer(options: { default: number; min: number; max: number }): Spec<number> {
  const spec: Spec<number> = {
    expected: `a whole number from ${options.min} to ${options.max}`,
    fallback: () => options.default,
    parse(value, path, issues) {
      if (typeof value !== "number" || !Number.isInteger(value) || value < options.min || value > options.max) {
        return fail(spec, value, path, issues);
      }
      return value;
    },
  };
  return spec;
}

export function number(options: { default: number; min: number; max: number }): Spec<number> {
  const spec: Spec<number> = {
    expected: `a number from ${options.min} to ${options.max}`,
    fallback: () => options.default,
    parse(value, path, issues) {
      if (typeof value !== "number" || !Number.isFinite(value) || value < options.min || value > options.max) {
        return fail(spec, value, path, issues);
      }
      return value;
    },
  };
  return spec;
}

export function boolean(options: { default: boolean }): Spec<boolean> {
  const spec: Spec<boolean> = {
    expected: "true or false",
    fallback: () => options.default,
    parse(value, path, issues) {
      return typeof value === "boolean" ? value : fail(spec, value, path, issues);
    },
  };
  return spec;
}

/** `null` in the file means "none"; the default applies only when the key is absent. */
export function nullable<T>(inner: Spec<T>, options: { default: T | null }): Spec<T | null> {
  return {
    expected: `${inner.expected}, or null`,
    fallback: () => options.default,
    parse(value, path, issues) {
      return value === null ? null : inner.parse(value, path, issues);
    },
  };
}

type Shape = Record<string, Spec<unknown>>;
export type InferShape<S extends Shape> = { [K in keyof S]: Infer<S[K]> };

/** A spec for an object with exactly these keys; also parses partial overrides. */
export interface ObjectSpec<S extends Shape> extends Spec<InferShape<S>> {
  readonly shape: S;
  /**
   * Only the keys present in `value`, checked, nested objects likewise: for files that
   * override some values of another (a config's theme section over theme.json).
   */
  parsePartial(value: unknown, path: string, issues: Issue[]): DeepPartial<InferShape<S>>;
}

export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

function join(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isObjectSpec(spec: Spec<unknown>): spec is ObjectSpec<Shape> {
  return "shape" in spec && "parsePartial" in spec;
}

/** Edit distance, for "did you mean" on mistyped keys. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

function unknownKey(key: string, known: string[], path: string): Issue {
  const lower = key.toLowerCase();
  const best = known
    .map((name) => ({ name, d: distance(lower, name.toLowerCase()) }))
    .sort((x, y) => x.d - y.d)[0];
  const hint = best && best.d <= Math.max(2, Math.floor(key.length / 3)) ? `; did you mean "${best.name}"?` : "";
  return { path: join(path, key), message: `unknown key${hint} (known keys here: ${known.join(", ")})` };
}

export function object<S extends Shape>(shape: S): ObjectSpec<S> {
  const keys = Object.keys(shape);
  const expected = "an object";
  const fallback = (): InferShape<S> => {
    const out: Record<string, unknown> = {};
    for (const key of keys) out[key] = shape[key]!.fallback();
    return out as InferShape<S>;
  };
  const unknownKeys = (value: Record<string, unknown>, path: string, issues: Issue[]): void => {
    for (const key of Object.keys(value)) {
      if (!(key in shape) && !isNoteKey(key)) issues.push(unknownKey(key, keys, path));
    }
  };
  const spec: ObjectSpec<S> = {
    shape,
    expected,
    fallback,
    parse(value, path, issues) {
      if (!isPlainObject(value)) return fail(spec, value, path, issues);
      unknownKeys(value, path, issues);
      const out: Record<string, unknown> = {};
      for (const key of keys) {
        const field = shape[key]!;
        out[key] = key in value ? field.parse(value[key], join(path, key), issues) : field.fallback();
      }
      return out as InferShape<S>;
    },
    parsePartial(value, path, issues) {
      if (!isPlainObject(value)) {
        issues.push({ path, message: `expected ${expected}, got ${describe(value)}` });
        return {} as DeepPartial<InferShape<S>>;
      }
      unknownKeys(value, path, issues);
      const out: Record<string, unknown> = {};
      for (const key of keys) {
        if (!(key in value)) continue;
        const field = shape[key]!;
        const before = issues.length;
        const parsed = isObjectSpec(field)
          ? field.parsePartial(value[key], join(path, key), issues)
          : field.parse(value[key], join(path, key), issues);
        if (issues.length === before) out[key] = parsed;
      }
      return out as DeepPartial<InferShape<S>>;
    },
  };
  return spec;
}

/** `base` with every value present in `overrides` put in its place, objects merged key by key. */
export function mergeDeep<T>(base: T, overrides: DeepPartial<T> | undefined): T {
  if (overrides === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(overrides)) return overrides as T;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    out[key] = isPlainObject(out[key]) && isPlainObject(value) ? mergeDeep(out[key], value) : value;
  }
  return out as T;
}

/**
 * The line where an issue's key is written, for "file:line:" in its message. Issue
 * paths are dotted ("limits.maxTopics", "sources.2") and a key may itself hold a
 * dot, so each step takes the longest run of parts the file has as a key there.
 * A key the file lacks (a required value left out) is placed at its nearest
 * parent that the file has.
 */
export function issueLine(positions: JsonPositions, path: string): number | undefined {
  if (path === "") return undefined;
  const parts = path.split(".");
  const found: (string | number)[] = [];
  for (let i = 0; i < parts.length; ) {
    const step = longestKey(positions, found, parts, i);
    if (step === undefined) break;
    found.push(step.segment);
    i = step.next;
  }
  return found.length === 0 ? undefined : positions.lineOf(found);
}

function longestKey(positions: JsonPositions, at: (string | number)[], parts: string[], from: number): { segment: string | number; next: number } | undefined {
  for (let next = parts.length; next > from; next--) {
    const key = parts.slice(from, next).join(".");
    if (positions.has([...at, key])) return { segment: key, next };
    if (/^\d+$/.test(key) && positions.has([...at, Number(key)])) return { segment: Number(key), next };
  }
  return undefined;
}
