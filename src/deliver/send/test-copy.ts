/**
 * `send --test ADDRESS` and the preview's "send test" button: one copy of the edition,
 * marked as a test (subject prefix, X-News-Digest-Test header, a Message-ID of its own),
 * composed as every reader's copy is and handed to the same messenger, but outside the
 * ledger, so that checking an edition never counts as sending it.
 */
import { checkAddress } from "./address.js";
import type { Messenger } from "./messengers/index.js";
import { composeReaderMessage, type EditionMessages } from "../message/index.js";

export interface TestCopy {
  messages: EditionMessages;
  address: string;
  /** Name shown in the greeting, so the personalised parts can be checked. */
  name?: string;
  messenger: Messenger;
  now: Date;
}

export async function sendTestCopy(copy: TestCopy): Promise<{ messageId: string; response?: string }> {
  try {
    const checked = checkAddress(copy.address);
    if (!checked.ok) throw new Error(`--test: ${checked.reason}`);
    const recipient = copy.name ? { email: checked.email, name: copy.name } : { email: checked.email };
    const nonce = copy.now.toISOString().replace(/[-:.]/g, "");
    const message = await composeReaderMessage(copy.messages, recipient, { test: { nonce } });
    const delivery = await copy.messenger.send(message);
    return { messageId: message.messageId, ...delivery };
  } finally {
    await copy.messenger.close();
  }
}
