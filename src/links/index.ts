export { signUnsubscribeToken, TOKEN_KEY_ENV, tokenKeyFromEnv, type UnsubscribeClaim, unsubscribeUrlFor, verifyUnsubscribeToken } from "./token.js";
export { editionWebUrl, safeHttpUrl, tagUtm, type UtmParameters, withQueryParameter } from "./urls.js";
