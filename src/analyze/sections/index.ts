/**
 * Sections: named groups of topics, like a newspaper's ("Sport",
 * "Politics"). Named from the stories' own sections when they give them,
 * else from a built-in vocabulary of IPTC Media Topics categories.
 */
export { assembleSections, type TopicEvidence } from "./assemble.js";
export { CATEGORY_WORDS, scoreCategories } from "./classify.js";
