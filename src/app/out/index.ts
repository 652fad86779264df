export { previewPaths, type PreviewPaths, writePreviewFiles } from "./files.js";
export { sampleMessage } from "./sample-message.js";
