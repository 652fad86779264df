/**
 * Whether a bounce is for a message this newsletter sent: nothing else may suppress one
 * of its readers (a bounce of someone else's mail, or a forged one, names an address
 * we never mailed). The returned original decides:
 *   - its List-Id, when it has one, must be this newsletter's (two newsletters from one
 *     domain share the Message-ID shape, never the List-Id);
 *   - without one (a report that returned a few headers only), its Message-ID must have
 *     the shape ../message/message.ts gives ours: <edition.24-hex-digest[.rN][.test-x]@our domain>.
 * A report that returned no original at all cannot be told apart from a forged one.
 */
import type { OriginalHeaders } from "./dsn.js";

export interface NewsletterIdentity {
  listId: string;
  /** Right-hand side of our Message-IDs (ListIdentity.messageIdDomain). */
  messageIdDomain: string;
}

export type Origin = { ours: true; editionId?: string } | { ours: false; why: string };

const OUR_MESSAGE_ID = /^<(.+)\.[0-9a-f]{24}(?:\.r\d+)?(?:\.test-[^@]*)?@([^@>]+)>$/;

export function originOf(original: OriginalHeaders | null, identity: NewsletterIdentity): Origin {
  if (original === null) return { ours: false, why: "no original message returned" };
  const id = original.messageId ? OUR_MESSAGE_ID.exec(original.messageId) : null;
  const idIsOurs = id !== null && id[2]!.toLowerCase() === identity.messageIdDomain.toLowerCase();
  const editionId = idIsOurs ? id[1] : undefined;
  if (original.listId !== undefined) {
    if (original.listId.toLowerCase() !== identity.listId.toLowerCase()) return { ours: false, why: `another list's message (List-Id ${original.listId})` };
    return editionId === undefined ? { ours: true } : { ours: true, editionId };
  }
  if (editionId !== undefined) return { ours: true, editionId };
  return { ours: false, why: original.messageId ? `not our message (Message-ID ${original.messageId})` : "the original has no Message-ID or List-Id" };
}
