export { previewPaths, type PreviewPaths, writePreviewFiles } from "./files.js";
export { sampleMessageEml } from "./sample-message.js";
