// Outgoing mail over SMTP (nodemailer). SMTP_URL names the server, e.g.
// smtps://user:pass@smtp.example.com or smtp://127.0.0.1:2525 for a local catcher; without it
// nothing is sent and callers are told so (they record it, e.g. as a suppression reason).
import nodemailer, { type Transporter } from "nodemailer";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers, e.g. List-Unsubscribe / List-Unsubscribe-Post. */
  headers?: Record<string, string>;
  from?: string;
}

export type MailResult = { sent: true; messageId: string } | { sent: false; reason: "not_configured" };

export interface Mailer {
  send(message: MailMessage): Promise<MailResult>;
  close(): void;
}

export function createMailer(smtpUrl: string | undefined, defaultFrom: string): Mailer {
  const transport: Transporter | null = smtpUrl ? nodemailer.createTransport(smtpUrl) : null;
  return {
    async send(message) {
      if (!transport) return { sent: false, reason: "not_configured" };
      const info = await transport.sendMail({ from: message.from ?? defaultFrom, ...message });
      return { sent: true, messageId: info.messageId };
    },
    close: () => transport?.close(),
  };
}

let shared: Mailer | undefined;

/** The app's mailer, from SMTP_URL and MAIL_FROM. */
export function mailer(): Mailer {
  shared ??= createMailer(process.env.SMTP_URL, process.env.MAIL_FROM ?? "Stockroom <no-reply@stockroom.invalid>");
  return shared;
}

export function sendMail(message: MailMessage): Promise<MailResult> {
  return mailer().send(message);
}
