/** Helpers for mailbox strings ("Name <a@b.example>" or "a@b.example"). */

/** Domain part of "Name <user@domain>" or "user@domain". */
export function domainOf(address: string): string {
  const bare = /<([^>]*)>/.exec(address)?.[1] ?? address;
  const at = bare.lastIndexOf("@");
  return at >= 0 ? bare.slice(at + 1).trim() : "";
}
