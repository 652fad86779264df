/**
 * A dry run's messenger: every message was built (so a message that cannot be built
 * fails as it would for real); none leaves. Who would get one is the run's report.
 */
import type { Messenger } from "../../message/index.js";

export function dryRunMessenger(): Messenger {
  return {
    name: "dry-run",
    delivers: false,
    send: async () => ({}),
    close: async () => undefined,
  };
}
