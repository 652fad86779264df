/**
 * Header-style fields ("Name: value", folded lines continued with white space), as
 * both an RFC 3464 status report and a returned message's header block are written.
 */

/** Lower-cased field name -> value (the first, when a name repeats), unfolded. */
export type Fields = Map<string, string>;

/** The groups of a delivery-status body: the per-message fields first, then one group per recipient. */
export function statusGroups(body: string): Fields[] {
  return body
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n/)
    .map(fieldsOf)
    .filter((fields) => fields.size > 0);
}

/** The header block of a message (up to its first empty line). */
export function headerFields(message: string): Fields {
  const normal = message.replace(/\r\n?/g, "\n");
  const end = normal.search(/\n[ \t]*\n/);
  return fieldsOf(end < 0 ? normal : normal.slice(0, end));
}

function fieldsOf(block: string): Fields {
  const fields: Fields = new Map();
  for (const line of block.replace(/\n[ \t]+/g, " ").split("\n")) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!fields.has(name)) fields.set(name, line.slice(colon + 1).trim());
  }
  return fields;
}
