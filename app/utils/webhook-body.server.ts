/**
 * A webhook's raw body as text, exactly as its signature covers it; null once it passes `maxBytes`
 * (then the rest is not read, so an oversized body costs no memory).
 */
export async function readLimitedText(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<string | null> {
  if (!body) return "";
  const parts: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    parts.push(read.value);
  }
  return Buffer.concat(parts).toString("utf8");
}
