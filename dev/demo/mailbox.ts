/**
 * A local mailbox for the demo: an SMTP server (smtp-server) that keeps every message in memory
 * and an HTTP page that lists them with their links clickable, so a newcomer sees the
 * back-in-stock mail (and its one-click unsubscribe) without any mail account.
 *   const box = await startMailbox();  // box.smtpUrl → SMTP_URL, box.url → open in a browser
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface Mailbox {
  smtpUrl: string;
  url: string;
  messages: ParsedMail[];
  stop(): Promise<void>;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const header = (m: ParsedMail, name: string) => m.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, "") ?? "";

function page(messages: ParsedMail[]): string {
  const items = messages
    .map((m, i) => {
      const to = Array.isArray(m.to) ? m.to.map((t) => t.text).join(", ") : (m.to?.text ?? "");
      return `<article><h2>${esc(m.subject ?? "(no subject)")}</h2>
<p class="meta">To ${esc(to)} · ${esc(m.date?.toISOString() ?? "")}<br>List-Unsubscribe: <code>${esc(header(m, "list-unsubscribe"))}</code> · List-Unsubscribe-Post: <code>${esc(header(m, "list-unsubscribe-post"))}</code></p>
<iframe title="Message ${i + 1}" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${esc((m.html || `<pre>${esc(m.text ?? "")}</pre>`).replace(/<a /g, '<a target="_blank" '))}"></iframe></article>`;
    })
    .reverse()
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Demo mailbox (${messages.length})</title><meta http-equiv="refresh" content="10">
<style>body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}article{border:1px solid #ccc;border-radius:8px;padding:1rem;margin:1rem 0}.meta{color:#555;font-size:.9em}iframe{width:100%;height:22rem;border:1px solid #eee}</style></head>
<body><h1>Demo mailbox</h1><p>Every mail the app sends in the demo lands here (newest first; the page refreshes itself).</p>${items || "<p>No mail yet.</p>"}</body></html>`;
}

export async function startMailbox(): Promise<Mailbox> {
  const messages: ParsedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((m) => {
          messages.push(m);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const http: Server = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(page(messages));
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  return {
    smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/`,
    messages,
    stop: async () => {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
