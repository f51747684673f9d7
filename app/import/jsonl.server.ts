import { resolveShopifyUrl, seamFetch } from "../standin-seam.server";

/**
 * Lines of a remote JSONL file, streamed with backpressure: the next chunk is read only when
 * the consumer asks for more lines (readline's async iterator would queue lines unboundedly
 * while the database writes a chunk).
 */
export async function* fetchLines(url: string, fetchImpl: typeof fetch = seamFetch(globalThis.fetch)): AsyncIterable<string> {
  const res = await fetchImpl(resolveShopifyUrl(url));
  if (!res.ok || !res.body) throw new Error(`bulk file answered HTTP ${res.status}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let rest = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    rest += decoder.decode(value, { stream: true });
    let nl = rest.indexOf("\n");
    let start = 0;
    while (nl !== -1) {
      yield rest.slice(start, nl).replace(/\r$/, "");
      start = nl + 1;
      nl = rest.indexOf("\n", start);
    }
    rest = rest.slice(start);
  }
  rest += decoder.decode();
  if (rest) yield rest;
}

