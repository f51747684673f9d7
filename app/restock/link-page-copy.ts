// The words of the pages behind the links in back-in-stock mail (confirm, unsubscribe), one set
// per locale (en, fr, de), like the mails themselves (messages.ts).
import type { MailLocale } from "./messages";

export interface LinkPageCopy {
  invalidTitle: string;
  invalidConfirm: string;
  invalidUnsubscribe: string;
  confirmTitle: string;
  confirmIntro: (title: string) => string;
  confirmButton: string;
  confirmedTitle: string;
  confirmedBody: (title: string) => string;
  unsubscribeTitle: string;
  unsubscribeIntro: (shop: string) => string;
  unsubscribeButton: string;
  unsubscribedTitle: string;
  unsubscribedBody: (shop: string) => string;
  backToShop: (shop: string) => string;
  /** Stands in for the product title when the product is gone from the catalog. */
  thisItem: string;
}

export const LINK_PAGE_COPY: Record<MailLocale, LinkPageCopy> = {
  en: {
    invalidTitle: "This link is not valid",
    invalidConfirm: "The confirmation link is broken, has expired or was already used up.",
    invalidUnsubscribe: "The unsubscribe link is broken or has expired.",
    confirmTitle: "Confirm your back-in-stock alert",
    confirmIntro: (t) => `Press the button to confirm that we may email you once when ${t} is back in stock.`,
    confirmButton: "Confirm",
    confirmedTitle: "Your alert is confirmed",
    confirmedBody: (t) => `We will email you once when ${t} is back in stock.`,
    unsubscribeTitle: "Unsubscribe from back-in-stock emails",
    unsubscribeIntro: (s) => `Press the button to stop all back-in-stock emails from ${s}.`,
    unsubscribeButton: "Unsubscribe",
    unsubscribedTitle: "You are unsubscribed",
    unsubscribedBody: (s) => `You will not get back-in-stock emails from ${s} any more.`,
    backToShop: (s) => `Back to ${s}`,
    thisItem: "this item",
  },
  fr: {
    invalidTitle: "Ce lien n'est pas valide",
    invalidConfirm: "Le lien de confirmation est incorrect, a expiré ou n'est plus utilisable.",
    invalidUnsubscribe: "Le lien de désabonnement est incorrect ou a expiré.",
    confirmTitle: "Confirmez votre alerte de retour en stock",
    confirmIntro: (t) => `Appuyez sur le bouton pour confirmer que nous pouvons vous écrire une fois quand ${t} sera de retour en stock.`,
    confirmButton: "Confirmer",
    confirmedTitle: "Votre alerte est confirmée",
    confirmedBody: (t) => `Nous vous écrirons une fois quand ${t} sera de retour en stock.`,
    unsubscribeTitle: "Se désabonner des alertes de retour en stock",
    unsubscribeIntro: (s) => `Appuyez sur le bouton pour ne plus recevoir d'alertes de retour en stock de ${s}.`,
    unsubscribeButton: "Se désabonner",
    unsubscribedTitle: "Vous êtes désabonné",
    unsubscribedBody: (s) => `Vous ne recevrez plus d'alertes de retour en stock de ${s}.`,
    backToShop: (s) => `Retour à ${s}`,
    thisItem: "cet article",
  },
  de: {
    invalidTitle: "Dieser Link ist ungültig",
    invalidConfirm: "Der Bestätigungslink ist fehlerhaft, abgelaufen oder nicht mehr verwendbar.",
    invalidUnsubscribe: "Der Abmeldelink ist fehlerhaft oder abgelaufen.",
    confirmTitle: "Benachrichtigung bestätigen",
    confirmIntro: (t) => `Drücken Sie die Schaltfläche, um zu bestätigen, dass wir Ihnen einmal schreiben dürfen, wenn ${t} wieder vorrätig ist.`,
    confirmButton: "Bestätigen",
    confirmedTitle: "Ihre Benachrichtigung ist bestätigt",
    confirmedBody: (t) => `Wir schreiben Ihnen einmal, wenn ${t} wieder vorrätig ist.`,
    unsubscribeTitle: "Von Verfügbarkeits-E-Mails abmelden",
    unsubscribeIntro: (s) => `Drücken Sie die Schaltfläche, um keine Verfügbarkeits-E-Mails von ${s} mehr zu erhalten.`,
    unsubscribeButton: "Abmelden",
    unsubscribedTitle: "Sie sind abgemeldet",
    unsubscribedBody: (s) => `Sie erhalten keine Verfügbarkeits-E-Mails von ${s} mehr.`,
    backToShop: (s) => `Zurück zu ${s}`,
    thisItem: "dieser Artikel",
  },
};
