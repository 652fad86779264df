/**
 * `news-digest suppressions`: the addresses this newsletter never mails (unsubscribed,
 * bounced, complained, or put there by hand); `add` and `remove` change the list.
 */
import { isReason, openSuppressions, REASONS, SuppressionError, type Suppression } from "../deliver/suppressions/index.js";
import { defineCommand, EXIT, terminalSafe, UsageError } from "./kit/index.js";
import { NEWSLETTER_OPTIONS, newsletterState } from "./newsletter.js";

const ACTIONS = ["add", "remove"];

export const suppressionsCommand = defineCommand({
  name: "suppressions",
  summary: "list the addresses this newsletter never mails, or add and remove one",
  usage: "[options]  |  add ADDRESS [--reason REASON] [--edition ID]  |  remove ADDRESS",
  about:
    "Without a command, lists the suppressed addresses: address, reason, when, edition, detail.\n" +
    "`add` suppresses an address (reason manual unless --reason says otherwise); `remove` lifts a\n" +
    "suppression, whatever its reason. `send` skips every suppressed address.",
  options: {
    reason: { type: "string", value: "REASON", description: `with add: why (${REASONS.join(", ")}; default manual)` },
    edition: { type: "string", value: "ID", description: "with add: the edition it came from" },
    ...NEWSLETTER_OPTIONS,
    json: { type: "boolean", description: "print JSON: { listId, file, suppressions } for the list, the entry for add and remove" },
  },
  positionals: true,
  async run({ values, positionals, io }) {
    const [action, address, ...extra] = positionals;
    if (action !== undefined && !ACTIONS.includes(action)) throw new UsageError(`unknown command "${action}": expected add or remove`);
    if (action !== undefined && address === undefined) throw new UsageError(`${action} needs an address: suppressions ${action} ADDRESS`);
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    if (action !== "add" && (values.reason !== undefined || values.edition !== undefined)) throw new UsageError(`--${values.reason !== undefined ? "reason" : "edition"} goes with add`);
    const reason = values.reason ?? "manual";
    if (!isReason(reason)) throw new UsageError(`--reason "${reason}": expected one of ${REASONS.join(", ")}`);

    const { stateDir, listId } = await newsletterState(values, io);
    const list = await openSuppressions(stateDir, listId, { warn: (message) => io.stderr(`${terminalSafe(message)}\n`) });
    try {
      if (action === undefined) {
        const all = list.list();
        if (values.json) io.stdout(JSON.stringify({ listId, file: list.path, suppressions: all }, null, 2) + "\n");
        else if (all.length === 0) io.stderr(`no suppressed addresses for ${listId}\n`);
        else io.stdout(formatTable(all));
        return EXIT.done;
      }
      if (action === "add") {
        const before = list.get(address!);
        const entry = await list.add({ address: address!, reason, ...(values.edition !== undefined ? { editionId: values.edition } : {}) });
        const kept = before !== undefined && before.reason === entry.reason;
        if (values.json) io.stdout(JSON.stringify(entry, null, 2) + "\n");
        else io.stdout(terminalSafe(kept ? `${entry.address} was already suppressed (${describe(entry)})` : `suppressed ${entry.address} (${describe(entry)})`) + "\n");
        return EXIT.done;
      }
      const lifted = await list.remove(address!);
      if (values.json) io.stdout(JSON.stringify(lifted ?? null) + "\n");
      else if (lifted) io.stdout(terminalSafe(`lifted ${lifted.address} (was ${describe(lifted)})`) + "\n");
      else io.stderr(terminalSafe(`${address!} is not suppressed: nothing to lift`) + "\n");
      return EXIT.done;
    } catch (error) {
      if (error instanceof SuppressionError) throw new UsageError(error.message);
      throw error;
    } finally {
      await list.close();
    }
  },
});

function describe(entry: Suppression): string {
  return `${entry.reason} since ${entry.at}`;
}

/** One row per address, columns padded; the detail (status and server words) last, as it is the long one. */
function formatTable(entries: readonly Suppression[]): string {
  const rows = [
    ["ADDRESS", "REASON", "WHEN", "EDITION", "DETAIL"],
    ...entries.map((e) => [e.address, e.reason, e.at, e.editionId ?? "-", [e.status, e.diagnostic].filter(Boolean).join(" ") || "-"]),
  ].map((row) => row.map(terminalSafe));
  const widths = [0, 1, 2, 3].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column < 4 ? cell.padEnd(widths[column]!) : cell)).join("  ")).join("\n") + "\n";
}
