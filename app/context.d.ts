import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** CSP nonce for this response's inline scripts. */
    nonce: string;
    /** The client's address (from X-Forwarded-For only when TRUST_PROXY is set); used for rate limits. */
    clientIp: string;
  }
}
