export { readEditionContents, recordEditionContents } from "./record.js";
export { readSentEditions } from "./sent-editions.js";
export { type EditionSelection, type EditionWindowOptions, selectEditionStories, type SentEdition } from "./window.js";
export { formatEditions, listEditions, type NewsletterState } from "./listing.js";
