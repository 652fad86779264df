export { chooseReader } from "./choose-reader.js";
export { decodeStoryBytes } from "./decode.js";
export { readFileBytes } from "./read-file.js";
export { listStoryFiles } from "./walk.js";
