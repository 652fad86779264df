// The public library API: `import { ... } from "news-digest"`.
export * from "./model.js";
export { ingestPaths, type IngestOptions } from "./ingest/index.js";
export { analyze, type Analysis, type AnalyzeOptions, type Summarizer } from "./analyze/index.js";
export { condenseLiveBlog, extractiveSummarizer } from "./analyze/liveblog/index.js";
export { groupTopics, type TopicOptions, type TopicGrouping } from "./analyze/topics.js";
export { readFeed } from "./ingest/feed/index.js";
export { composeDigest, editionId, type ComposeOptions } from "./compose/index.js";
export { renderEdition, compileTemplates, loadTemplates, builtInTemplatesDir, TemplateError, EmailRuleError, type RenderResult, type TemplateSet } from "./render/index.js";
export { personalize } from "./render/personalize.js";
export { buildEdition, renderDigest, samplePersonalization, type BuildOptions, type BuiltEdition, type RenderedDigest } from "./pipeline.js";
export { loadConfig, parseConfig, defaultConfig, ConfigError, type Config } from "./config.js";
export { loadSources, type SourcesOptions, type SourcesResult } from "./ingest/sources.js";
export { fetchFeed, fetchFeeds, type FeedFetchOptions, type FeedFetchOutcome } from "./ingest/fetch/index.js";
export { readJsonFeed } from "./ingest/json-feed.js";
export { selectEditionStories, type EditionSelection, type EditionWindowOptions, type SentEdition } from "./deliver/editions/window.js";
export { startSchedule, runListsOnce, runListEdition, type Schedule, type ScheduleOptions, type EditionJob } from "./deliver/schedule/index.js";
export { sendEdition, readRecipientList, verifyUnsubscribeToken, signUnsubscribeToken, type SendJob, type SendReport } from "./deliver/send/index.js";
export { startPreview, type PreviewOptions, type RunningPreview } from "./deliver/preview/index.js";
