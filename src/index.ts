// The public library API: `import { ... } from "news-digest"`.
export * from "./model.js";
export { ingestPaths, type IngestOptions } from "./ingest/index.js";
export { analyze, type Analysis, type AnalyzeOptions, type Summarizer } from "./analyze/index.js";
