// The address rules moved to text/ (suppressions and bounces key readers the same way);
// the send modules keep importing them from here.
export { addressKey, checkAddress, type AddressCheck } from "../../text/index.js";
