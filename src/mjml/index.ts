export { preloadMjml, runMjml, type MjmlIssue, type MjmlReply } from "./worker.js";
