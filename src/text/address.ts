/**
 * Which subscriber addresses we accept, and the key that makes two spellings of one
 * address the same subscriber. Deliberately stricter than RFC 5321 (no quoted local
 * parts, no address literals, no comments): a list row that needs those is far more
 * often a typo than a real mailbox, and every accepted address goes into a header.
 */
import { domainToASCII } from "node:url";

export type AddressCheck = { ok: true; email: string } | { ok: false; reason: string };

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** Validates one address; the accepted form has an ASCII (punycode) domain. */
export function checkAddress(raw: string): AddressCheck {
  const value = raw.trim();
  if (value === "") return { ok: false, reason: "empty address" };
  const at = value.lastIndexOf("@");
  if (at < 0) return { ok: false, reason: `"${shown(value)}" has no @` };
  const local = value.slice(0, at);
  const domainInput = value.slice(at + 1);
  if (local === "") return { ok: false, reason: `"${shown(value)}" has nothing before the @` };
  if (local.length > 64) return { ok: false, reason: `"${shown(value)}": the part before @ is longer than 64 characters` };
  if (!LOCAL_PART.test(local)) return { ok: false, reason: `"${shown(value)}": unexpected characters before the @` };
  // Unicode domains are fine once converted; an invalid one converts to "".
  const domain = /^[\x20-\x7e]*$/.test(domainInput) ? domainInput : domainToASCII(domainInput);
  const labels = domain.split(".");
  if (domain === "" || labels.length < 2 || !labels.every((label) => LABEL.test(label))) {
    return { ok: false, reason: `"${shown(value)}": "${shown(domainInput)}" is not a valid domain` };
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1] ?? "")) {
    return { ok: false, reason: `"${shown(value)}": "${shown(domainInput)}" is not a valid domain` };
  }
  const email = `${local}@${domain}`;
  if (email.length > 254) return { ok: false, reason: `"${shown(value)}" is longer than 254 characters` };
  return { ok: true, email };
}

/**
 * Identity of a subscriber for de-duplication and the send log: the whole address
 * lower-cased. RFC 5321 lets the local part be case-sensitive, but no mailbox provider
 * in practice treats Ann@ and ann@ as two people, and sending twice is the worse error.
 */
export function addressKey(email: string): string {
  return email.toLowerCase();
}

/** Untrusted text quoted in an error message: short, one line. */
function shown(value: string): string {
  // eslint-disable-next-line no-control-regex
  const flat = value.replace(/[\u0000-\u001f\u007f]/g, "?");
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}
