/**
 * `send --test ADDRESS`: one copy of the edition, marked as a test (subject prefix,
 * X-News-Digest-Test header, a Message-ID of its own), sent outside the send log so
 * that checking an edition never counts as sending it.
 */
import type { Personalization, RenderedEdition } from "../../model.js";
import { buildMailOptions } from "./message.js";
import { checkAddress } from "./address.js";
import type { ListIdentity, Mailer, Personalize } from "./engine.js";
import { signUnsubscribeToken, unsubscribeUrlFor } from "../../links/index.js";

export interface TestCopy {
  edition: RenderedEdition;
  address: string;
  /** Name shown in the greeting, so the personalised parts can be checked. */
  name?: string;
  personalize: Personalize;
  identity: ListIdentity;
  unsubscribe: { baseUrl: string; tokenKey: string };
  viewInBrowserUrl: string;
  mailer: Mailer;
  now: Date;
}

export async function sendTestCopy(copy: TestCopy): Promise<{ messageId?: string; response?: string }> {
  const checked = checkAddress(copy.address);
  if (!checked.ok) throw new Error(`--test: ${checked.reason}`);
  const recipient = copy.name ? { email: checked.email, name: copy.name } : { email: checked.email };
  const token = signUnsubscribeToken(copy.unsubscribe.tokenKey, { listId: copy.identity.listId, email: checked.email });
  const personalization: Personalization = {
    recipient,
    unsubscribeUrl: unsubscribeUrlFor(copy.unsubscribe.baseUrl, token),
    viewInBrowserUrl: copy.viewInBrowserUrl,
  };
  const personal = copy.personalize(copy.edition, personalization);
  const nonce = copy.now.toISOString().replace(/[-:.]/g, "");
  const mail = buildMailOptions(copy.edition, personal, personalization, { ...copy.identity, test: { nonce } });
  try {
    return await copy.mailer.sendMail(mail);
  } finally {
    copy.mailer.close();
  }
}
