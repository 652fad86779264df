// A newsletter config for the suppressions and bounces commands: its List-Id and sender
// domain are the ones the bounce fixtures (test/fixtures/bounces) return.
export const HARBOUR_CONFIG = {
  title: "Harbour Morning",
  from: "Harbour Morning <morning@harbourtimes.example>",
  send: { listId: "morning.harbourtimes.example", stateDir: "state" },
};
