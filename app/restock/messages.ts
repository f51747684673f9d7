// The back-in-stock mails and the sign-up answers, one template per locale (en, fr, de).
export type MailLocale = "en" | "fr" | "de";

export function mailLocale(locale: string | null | undefined): MailLocale {
  const l = (locale ?? "").slice(0, 2).toLowerCase();
  return l === "fr" || l === "de" ? l : "en";
}

interface Strings {
  alertSubject: (title: string) => string;
  alertIntro: (title: string) => string;
  alertCta: string;
  alternatives: string;
  why: (shop: string) => string;
  unsubscribe: string;
  confirmSubject: (title: string) => string;
  confirmIntro: (title: string) => string;
  confirmCta: string;
}

export const MAIL_STRINGS: Record<MailLocale, Strings> = {
  en: {
    alertSubject: (t) => `${t} is back in stock`,
    alertIntro: (t) => `Good news: ${t} is back in stock. Quantities are limited.`,
    alertCta: "Shop it now",
    alternatives: "Also in stock",
    why: (s) => `You asked ${s} to email you when this item is back.`,
    unsubscribe: "Unsubscribe",
    confirmSubject: (t) => `Confirm your back-in-stock alert for ${t}`,
    confirmIntro: (t) => `Please confirm that we may email you once when ${t} is back in stock.`,
    confirmCta: "Confirm my alert",
  },
  fr: {
    alertSubject: (t) => `${t} est de retour en stock`,
    alertIntro: (t) => `Bonne nouvelle : ${t} est de retour en stock. Quantités limitées.`,
    alertCta: "Je l'achète",
    alternatives: "Aussi en stock",
    why: (s) => `Vous avez demandé à ${s} de vous prévenir du retour de cet article.`,
    unsubscribe: "Se désabonner",
    confirmSubject: (t) => `Confirmez votre alerte de retour en stock pour ${t}`,
    confirmIntro: (t) => `Merci de confirmer que nous pouvons vous écrire une fois quand ${t} sera de retour en stock.`,
    confirmCta: "Confirmer mon alerte",
  },
  de: {
    alertSubject: (t) => `${t} ist wieder vorrätig`,
    alertIntro: (t) => `Gute Nachricht: ${t} ist wieder vorrätig. Nur begrenzte Stückzahl.`,
    alertCta: "Jetzt kaufen",
    alternatives: "Ebenfalls vorrätig",
    why: (s) => `Sie haben ${s} gebeten, Sie zu benachrichtigen, wenn dieser Artikel wieder da ist.`,
    unsubscribe: "Abmelden",
    confirmSubject: (t) => `Bestätigen Sie Ihre Benachrichtigung für ${t}`,
    confirmIntro: (t) => `Bitte bestätigen Sie, dass wir Ihnen einmal schreiben dürfen, wenn ${t} wieder vorrätig ist.`,
    confirmCta: "Benachrichtigung bestätigen",
  },
};

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface AlertMailInput {
  locale: MailLocale;
  shopName: string;
  title: string;
  url: string;
  imageUrl: string | null;
  price: string;
  alternatives: Array<{ title: string; url: string; price: string }>;
  unsubscribeUrl: string;
}

export function alertMail(m: AlertMailInput): { subject: string; text: string; html: string } {
  const s = MAIL_STRINGS[m.locale];
  const alts = m.alternatives.slice(0, 3);
  const text = [
    s.alertIntro(m.title),
    "",
    `${s.alertCta} (${m.price}): ${m.url}`,
    ...(alts.length ? ["", `${s.alternatives}:`, ...alts.map((a) => `- ${a.title} (${a.price}): ${a.url}`)] : []),
    "",
    s.why(m.shopName),
    `${s.unsubscribe}: ${m.unsubscribeUrl}`,
  ].join("\n");
  const html = `<!doctype html><html lang="${m.locale}"><body style="font-family:system-ui,sans-serif;line-height:1.5">
<p>${esc(s.alertIntro(m.title))}</p>
${m.imageUrl ? `<p><img src="${esc(m.imageUrl)}" alt="${esc(m.title)}" width="160" height="160"></p>` : ""}
<p><a href="${esc(m.url)}">${esc(s.alertCta)}</a> · ${esc(m.price)}</p>
${alts.length ? `<h2 style="font-size:1em">${esc(s.alternatives)}</h2><ul>${alts.map((a) => `<li><a href="${esc(a.url)}">${esc(a.title)}</a> · ${esc(a.price)}</li>`).join("")}</ul>` : ""}
<p style="color:#555;font-size:.9em">${esc(s.why(m.shopName))} <a href="${esc(m.unsubscribeUrl)}">${esc(s.unsubscribe)}</a></p>
</body></html>`;
  return { subject: s.alertSubject(m.title), text, html };
}

export function confirmMail(m: { locale: MailLocale; shopName: string; title: string; confirmUrl: string }): { subject: string; text: string; html: string } {
  const s = MAIL_STRINGS[m.locale];
  return {
    subject: s.confirmSubject(m.title),
    text: `${s.confirmIntro(m.title)}\n\n${s.confirmCta}: ${m.confirmUrl}\n`,
    html: `<!doctype html><html lang="${m.locale}"><body style="font-family:system-ui,sans-serif"><p>${esc(s.confirmIntro(m.title))}</p><p><a href="${esc(m.confirmUrl)}">${esc(s.confirmCta)}</a></p></body></html>`,
  };
}
