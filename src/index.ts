// The public library API: `import { ... } from "news-digest"`.
export * from "./model.js";
export { ingestPaths, type IngestOptions } from "./ingest/index.js";
export { analyze, type Analysis, type AnalyzeOptions, type Summarizer } from "./analyze/index.js";
export { composeDigest, editionId, type ComposeOptions } from "./compose/index.js";
export { renderEdition, compileTemplates, loadTemplates, builtInTemplatesDir, TemplateError, EmailRuleError, type RenderResult, type TemplateSet } from "./render/index.js";
export { personalize } from "./render/personalize.js";
export { buildEdition, samplePersonalization, type BuildOptions, type BuiltEdition } from "./pipeline.js";
export { loadConfig, parseConfig, defaultConfig, ConfigError, type Config } from "./config.js";
