/**
 * What the unsubscribe endpoint does to a list, over any suppression store: record a
 * reader's own unsubscribe, lift it again, and say where a reader stands. Stores are
 * opened once per list and kept open (an open store is one file handle).
 */
import { SELF_UNSUBSCRIBED, type OpenSuppressions, type SuppressionStore } from "./suppression-store.js";

/** subscribed; unsubscribed by their own hand; or held back for another reason (a bounce, an operator). */
export type ReaderStatus = "subscribed" | "unsubscribed" | "held";

export interface Unsubscriber {
  status(listId: string, email: string): Promise<ReaderStatus>;
  /** Resolves once the unsubscribe is durable. Unsubscribing twice records it once. */
  unsubscribe(listId: string, email: string, editionId?: string): Promise<void>;
  /** Lifts a reader's own unsubscribe, never a bounce or an operator's suppression; answers where the reader stands after. */
  resubscribe(listId: string, email: string): Promise<ReaderStatus>;
  /** Waits for every write in flight and closes the stores. */
  close(): Promise<void>;
}

export function storeUnsubscriber(stateDir: string, openStore: OpenSuppressions, clock: () => Date = () => new Date()): Unsubscriber {
  const stores = new Map<string, Promise<SuppressionStore>>();
  const storeFor = (listId: string): Promise<SuppressionStore> => {
    let store = stores.get(listId);
    if (!store) {
      store = Promise.resolve(openStore(stateDir, listId));
      // A failed open (a full disk) is tried again on the next request, not remembered.
      store.catch(() => stores.delete(listId));
      stores.set(listId, store);
    }
    return store;
  };
  const status = async (store: SuppressionStore, address: string): Promise<ReaderStatus> => {
    if (!(await store.has(address))) return "subscribed";
    const record = (await store.list()).find((r) => r.address === address);
    return record?.reason === SELF_UNSUBSCRIBED ? "unsubscribed" : "held";
  };
  return {
    async status(listId, email) {
      return status(await storeFor(listId), email.toLowerCase());
    },
    async unsubscribe(listId, email, editionId) {
      const store = await storeFor(listId);
      const address = email.toLowerCase();
      if (await store.has(address)) return;
      await store.add({ address, reason: SELF_UNSUBSCRIBED, at: clock().toISOString(), ...(editionId ? { editionId } : {}) });
    },
    async resubscribe(listId, email) {
      const store = await storeFor(listId);
      const address = email.toLowerCase();
      const before = await status(store, address);
      if (before !== "unsubscribed") return before;
      await store.remove(address);
      return "subscribed";
    },
    async close() {
      const open = [...stores.values()];
      stores.clear();
      for (const store of await Promise.allSettled(open)) if (store.status === "fulfilled") await store.value.close?.();
    },
  };
}
