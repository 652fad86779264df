export { httpUrl, siteName } from "./links.js";
export { toIsoDate } from "./dates.js";
export { quote } from "./quote.js";
export { type StoryBody, storyFromFields } from "./story-fields.js";
