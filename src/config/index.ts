export { type Config, ConfigError, DEFAULT_CONFIG_FILE, defaultConfig, loadConfig, parseConfig, withAbsolutePaths } from "./load.js";
export { isPlaceholderDomain, listIdentityFrom, parseRate, placeholderSettings, sendLimitsFrom, sendSection, type SendSection } from "./send.js";
export { chooseStorySources, classifySource, displaySource, FEED_FETCH_DEFAULTS, type FeedsSection, type SourceKind, type StorySources } from "./sources.js";
export { EDITION_WINDOW_DEFAULTS } from "./editions.js";
export { applyThemeOverrides, contrastProblems, parseTheme, type Theme, themeRuleIssues } from "./theme.js";
export { issueLine } from "./schema.js";
export { listRefFor, type ListRef } from "./lists.js";
