import { createHmac, randomBytes } from "node:crypto";

// Resend signs its webhooks with Svix; tests sign their events the same way.

/** A fresh `whsec_` secret. */
export function newWebhookSecret() {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

/** Signs the way Svix does: HMAC-SHA256 over `id.timestamp.body` with the secret's base64 key. */
export function signedWebhookHeaders(body: string, secret: string, id = `msg_${randomBytes(8).toString("hex")}`) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const signature = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
  return new Headers({
    "svix-id": id,
    "svix-timestamp": timestamp,
    "svix-signature": `v1,${signature}`,
    "Content-Type": "application/json",
  });
}
