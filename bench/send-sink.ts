/**
 * The SMTP sink for `npm run bench:send`, run as a process of its own so that the
 * server's work does not count against the sender being measured. Accepts every
 * message, keeps nothing, counts. Talks to its parent over IPC: sends {port} once
 * listening, answers "count" with {count}.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

let count = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  size: 50 * 1024 * 1024,
  onData(stream, _session, callback) {
    stream.on("end", () => {
      count++;
      callback(null);
    });
    stream.resume();
  },
});
server.on("error", (error) => process.stderr.write(`send-sink: ${error.message}\n`));
server.listen(0, "127.0.0.1", () => {
  process.send?.({ port: (server.server.address() as AddressInfo).port });
});
process.on("message", (message) => {
  if (message === "count") process.send?.({ count });
  if (message === "stop") server.close(() => process.exit(0));
});
process.on("disconnect", () => process.exit(0));
