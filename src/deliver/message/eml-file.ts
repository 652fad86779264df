/**
 * Writes each message as an .eml file (the bytes a reader's mailbox would get), synced to
 * disk. `build` writes its sample message.eml through it, so the sample and a sent copy
 * come from the same composer and differ only in who they are for.
 */
import { open } from "node:fs/promises";
import type { Messenger, OutgoingMessage } from "./messenger.js";

/** `pathFor` names each message's file; an existing file is never overwritten. */
export function emlFileMessenger(pathFor: (message: OutgoingMessage) => string): Messenger {
  return {
    name: "eml",
    delivers: false,
    async send(message) {
      const handle = await open(pathFor(message), "wx");
      try {
        await handle.writeFile(message.raw);
        await handle.sync();
      } finally {
        await handle.close();
      }
      return {};
    },
    close: async () => undefined,
  };
}
