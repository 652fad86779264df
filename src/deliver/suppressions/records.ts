/**
 * The lines of a suppression list (see store.ts) and their shape check: a line only
 * counts when it has every field its kind needs, with the right types, since the list
 * decides who is never mailed again.
 */

/** Why an address is suppressed. Only `unsubscribed` is lifted by a resubscribe. */
export const REASONS = ["unsubscribed", "bounced", "complained", "manual"] as const;
export type Reason = (typeof REASONS)[number];

/** One suppressed address, as the list holds it. */
export interface Suppression {
  address: string;
  reason: Reason;
  /** ISO time it was suppressed. */
  at: string;
  /** The edition it came from: unsubscribed from, bounced or complained about. */
  editionId?: string;
  /** For `bounced`: the enhanced status code ("5.1.1"), or the reply code when the server gave none. */
  status?: string;
  /** For `bounced`: the server's words; for `manual`, a note. */
  diagnostic?: string;
}

/**
 * "add" suppresses; "remove" lifts. A remove names the reason it lifted, and a replay
 * applies it only while the address is still suppressed for that reason: a bounce that
 * another process recorded meanwhile is not lifted by a resubscribe meant for an unsubscribe.
 */
export type SuppressionRecord = ({ ev: "add" } & Suppression) | { ev: "remove"; address: string; at: string; reason?: Reason };

export function isReason(value: unknown): value is Reason {
  return typeof value === "string" && (REASONS as readonly string[]).includes(value);
}

/** The record a line holds, or why it is not one. */
export function parseRecord(value: unknown): SuppressionRecord | string {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return "not a record; skipped";
  const r = value as Record<string, unknown>;
  const common = typeof r.address === "string" && r.address.includes("@") && typeof r.at === "string";
  switch (r.ev) {
    case "add":
      return common && isReason(r.reason) && optionalString(r.editionId) && optionalString(r.status) && optionalString(r.diagnostic)
        ? (r as SuppressionRecord)
        : 'malformed "add" record; skipped';
    case "remove":
      return common && (r.reason === undefined || isReason(r.reason)) ? (r as SuppressionRecord) : 'malformed "remove" record; skipped';
    default:
      return `unknown record kind ${JSON.stringify(r.ev) ?? "(none)"}; skipped`;
  }
}

/**
 * Whether `next` takes the place of `current`. The first reason stands, except that
 * any other reason outranks an unsubscribe: an address that bounced or complained must
 * stay suppressed when its owner resubscribes.
 */
export function replaces(current: Suppression | undefined, next: Suppression): boolean {
  return current === undefined || (current.reason === "unsubscribed" && next.reason !== "unsubscribed");
}

function optionalString(value: unknown): boolean {
  return value === undefined || typeof value === "string";
}
