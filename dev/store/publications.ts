/**
 * Publications (sales channels' product lists) of a stand-in shop, for the Admin API's
 * `publications`, `Product.publishedOnPublication`, `publishablePublish` and
 * `publishableUnpublish` (2026-10). Every shop has Shopify's two default publications, the
 * Online Store and Point of Sale (app catalogs titled by their channel); a product is published
 * to both when created (autoPublish) until someone unpublishes it. The stand-in's storefront
 * shows only products published to the Online Store.
 * Kept beside the ShopState (a WeakMap), so the store's own records stay as they are.
 */
import type { ShopState } from "./store.ts";

export interface PublicationRecord {
  id: number;
  /** The app catalog's title (Shopify: the channel's name). */
  title: string;
  autoPublish: boolean;
  supportsFuturePublishing: boolean;
}

interface PublicationState {
  list: PublicationRecord[];
  /** productId → publication ids it is NOT published to */
  unpublished: Map<number, Set<number>>;
  /** productId → last change (ms) */
  changedAt: Map<number, number>;
}

const states = new WeakMap<ShopState, PublicationState>();

function stateOf(st: ShopState): PublicationState {
  let s = states.get(st);
  if (!s) {
    const base = st.shop.id * 100;
    s = {
      list: [
        { id: base + 1, title: "Online Store", autoPublish: true, supportsFuturePublishing: true },
        { id: base + 2, title: "Point of Sale", autoPublish: true, supportsFuturePublishing: false },
      ],
      unpublished: new Map(),
      changedAt: new Map(),
    };
    states.set(st, s);
  }
  return s;
}

export function listPublications(st: ShopState): PublicationRecord[] {
  return stateOf(st).list;
}

export function getPublication(st: ShopState, id: number): PublicationRecord | undefined {
  return stateOf(st).list.find((p) => p.id === id);
}

export function onlineStorePublication(st: ShopState): PublicationRecord {
  return stateOf(st).list[0];
}

export function isPublished(st: ShopState, productId: number, publicationId: number): boolean {
  return !stateOf(st).unpublished.get(productId)?.has(publicationId);
}

/** Publishes or unpublishes a product on a publication (the Admin API and the control API call this). */
export function setPublished(st: ShopState, productId: number, publicationId: number, published: boolean, at: number): boolean {
  const s = stateOf(st);
  const set = s.unpublished.get(productId) ?? new Set<number>();
  const was = !set.has(publicationId);
  if (published) set.delete(publicationId);
  else set.add(publicationId);
  s.unpublished.set(productId, set);
  if (was !== published) s.changedAt.set(productId, at);
  return was !== published;
}

/** When the product was last published to the Online Store (null when it is not published there). */
export function publishedAt(st: ShopState, productId: number, createdAt: number): number | null {
  if (!isPublished(st, productId, onlineStorePublication(st).id)) return null;
  return stateOf(st).changedAt.get(productId) ?? createdAt;
}
