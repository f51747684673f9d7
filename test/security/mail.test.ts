import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMailer } from "../../app/mail/transport.server";
import { rawHeader, startTestSmtp, type TestSmtp } from "../support/smtp";

let smtp: TestSmtp;
beforeAll(async () => (smtp = await startTestSmtp()));
afterAll(() => smtp.close());

describe("mail transport", () => {
  it("delivers over SMTP with the given headers", async () => {
    const mailer = createMailer(smtp.url, "Stockroom <no-reply@stockroom.test>");
    const result = await mailer.send({
      to: "buyer@example.test",
      subject: "Back in stock",
      text: "It is back.",
      headers: { "List-Unsubscribe": "<https://app.test/u/1>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    });
    expect(result.sent).toBe(true);
    const [mail] = await smtp.waitFor(1);
    expect(mail.envelopeTo).toEqual(["buyer@example.test"]);
    expect(mail.parsed.subject).toBe("Back in stock");
    expect(rawHeader(mail, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    expect(rawHeader(mail, "List-Unsubscribe")).toBe("<https://app.test/u/1>");
    mailer.close();
  });

  it("says when mail is not configured, and reports a refused message", async () => {
    expect(await createMailer(undefined, "x@y.test").send({ to: "a@b.test", subject: "s", text: "t" })).toEqual({ sent: false, reason: "not_configured" });
    const mailer = createMailer(smtp.url, "x@y.test");
    smtp.rejectNext(1);
    await expect(mailer.send({ to: "gone@example.test", subject: "s", text: "t" })).rejects.toMatchObject({ responseCode: 550 });
    mailer.close();
  });
});
