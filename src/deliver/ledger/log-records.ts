/**
 * The records of a send log (see send-log.ts) and their shape check. A line is only
 * believed when it has every field its kind requires, with the right types: the replay
 * decides who gets a message, so a `null`, a half-record or a hand-written stray must be
 * told apart from a record the sender wrote, never half-applied.
 */
export type LogRecord =
  | { ev: "run"; run: number; round: number; at: string; pid: number; stories: string[]; dryRun?: false }
  | { ev: "try"; to: string; line: number }
  | { ev: "sent"; to: string; id?: string; resp?: string }
  | { ev: "failed"; to: string; perm: boolean; code?: number; why: string }
  | { ev: "end"; run: number; sent: number; failed: number; paused?: string };

/**
 * What one log line holds. "not-json" is what a write cut short by a crash leaves (and
 * what may be cut off the end of the file); "malformed" is JSON the sender never wrote.
 */
export type LogLine = { kind: "record"; record: LogRecord } | { kind: "not-json" } | { kind: "malformed"; problem: string };

export function parseLogLine(text: string): LogLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: "not-json" };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return { kind: "malformed", problem: `${shown(text)} is not a record` };
  const r = value as Record<string, unknown>;
  const ok = shapeOk(r);
  if (ok === undefined) return { kind: "malformed", problem: `unknown record kind ${shown(JSON.stringify(r.ev) ?? "(none)")}` };
  return ok ? { kind: "record", record: r as LogRecord } : { kind: "malformed", problem: `malformed "${String(r.ev)}" record ${shown(text)}` };
}

/** A line quoted in a warning: short. */
function shown(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Whether `r` has its kind's fields; undefined for an unknown kind. */
function shapeOk(r: Record<string, unknown>): boolean | undefined {
  switch (r.ev) {
    case "run":
      return count(r.run) && (r.run as number) >= 1 && count(r.round) && typeof r.at === "string" && typeof r.pid === "number" &&
        Array.isArray(r.stories) && r.stories.every((s) => typeof s === "string") && (r.dryRun === undefined || r.dryRun === false);
    case "try":
      return address(r.to) && count(r.line);
    case "sent":
      return address(r.to) && optional(r.id, "string") && optional(r.resp, "string");
    case "failed":
      return address(r.to) && typeof r.perm === "boolean" && optional(r.code, "number") && typeof r.why === "string";
    case "end":
      return count(r.run) && count(r.sent) && count(r.failed) && optional(r.paused, "string");
    default:
      return undefined;
  }
}

function count(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function address(value: unknown): value is string {
  return typeof value === "string" && value.includes("@");
}

function optional(value: unknown, type: "string" | "number"): boolean {
  return value === undefined || typeof value === type;
}
