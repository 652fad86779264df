export { screenshotEdition } from "./screenshots.js";
