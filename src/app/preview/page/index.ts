export { PAGE_SCRIPT } from "./client.js";
export { pageHtml } from "./html.js";
export { PAGE_CSS } from "./style.js";
