/**
 * Admin API 2026-10: publications and tags, as the sold-out automation uses them.
 *  - `publications(catalogType:)` → Publication { id, name (deprecated), autoPublish,
 *    supportsFuturePublishing, catalog: AppCatalog { id, title, status } }
 *  - `Product.publishedOnPublication(publicationId:)`, `Product.publishedAt`
 *  - `publishablePublish` / `publishableUnpublish(id:, input: [PublicationInput!]!)` →
 *    { publishable, shop, userErrors }; scope write_publications
 *  - `tagsAdd` / `tagsRemove(id:, tags:)` on products → { node, userErrors }; scope write_products
 * Best guesses (wording not found in Shopify's docs; behaviour kept strict): an unknown resource
 * answers the user error "Resource does not exist" on ["id"]; an unknown publication
 * "Publication does not exist" on ["input", i, "publicationId"]; nothing is changed then.
 */
import { GraphQLError } from "graphql";
import { gid, getPublication, isoSeconds, isPublished, listPublications, parseGid, publishedAt, setPublished, type ProductRecord, type PublicationRecord } from "../store/index.ts";
import { paginate, view, type ConnArgs } from "./connection.ts";
import type { ExecCtx } from "./resolvers.ts";

type UserError = { field: string[] | null; message: string };

function catalogView(ctx: ExecCtx, p: PublicationRecord) {
  const c = view({ id: gid("AppCatalog", p.id), title: p.title, status: "ACTIVE" });
  ctx.typeOf.set(c, "AppCatalog");
  return c;
}

function publicationId(value: string, argName: string): number | null {
  const p = parseGid(value);
  if (!p) throw new GraphQLError(`Invalid global id '${value}'`, { extensions: { code: "argumentLiteralsIncompatible", typeName: "CoercionError", argumentName: argName } });
  return p.type === "Publication" ? p.id : null;
}

export const publicationScopes: Record<string, string[]> = {
  publications: ["read_publications"],
  publication: ["read_publications"],
  publishablePublish: ["write_publications"],
  publishableUnpublish: ["write_publications"],
  tagsAdd: ["write_products"],
  tagsRemove: ["write_products"],
};

export const publicationQueryResolvers = {
  publications: (_s: unknown, a: ConnArgs & { catalogType?: string | null }, ctx: ExecCtx) => {
    // Both default publications belong to app catalogs (their channels' apps).
    const all = listPublications(ctx.st).filter(() => !a.catalogType || a.catalogType === "APP");
    return paginate(all, a, (p) => p.id, { sortedAscById: true });
  },
  publication: (_s: unknown, a: { id: string }, ctx: ExecCtx) => {
    const id = publicationId(a.id, "id");
    return id === null ? null : (getPublication(ctx.st, id) ?? null);
  },
};

export const publicationTypeResolvers = {
  Publication: {
    id: (p: PublicationRecord) => gid("Publication", p.id),
    name: (p: PublicationRecord) => p.title,
    autoPublish: (p: PublicationRecord) => p.autoPublish,
    supportsFuturePublishing: (p: PublicationRecord) => p.supportsFuturePublishing,
    catalog: (p: PublicationRecord, _a: unknown, ctx: ExecCtx) => catalogView(ctx, p),
  },
  Product: {
    publishedOnPublication: (p: ProductRecord, a: { publicationId: string }, ctx: ExecCtx) => {
      const id = publicationId(a.publicationId, "publicationId");
      return id !== null && !!getPublication(ctx.st, id) && isPublished(ctx.st, p.id, id);
    },
    publishedAt: (p: ProductRecord, _a: unknown, ctx: ExecCtx) => {
      const at = publishedAt(ctx.st, p.id, p.createdAt);
      return at === null ? null : isoSeconds(at);
    },
  },
};

function publishable(published: boolean) {
  return (_s: unknown, a: { id: string; input: Array<{ publicationId?: string | null; channelId?: string | null }> }, ctx: ExecCtx) => {
    const errors: UserError[] = [];
    const target = parseGid(a.id);
    if (!target) throw new GraphQLError(`Invalid global id '${a.id}'`, { extensions: { code: "argumentLiteralsIncompatible", typeName: "CoercionError", argumentName: "id" } });
    const product = target.type === "Product" ? ctx.st.products.get(target.id) : undefined;
    if (!product) errors.push({ field: ["id"], message: "Resource does not exist" });
    const ids: number[] = [];
    a.input.forEach((inp, i) => {
      const raw = inp.publicationId ?? null;
      const id = raw === null ? null : publicationId(raw, "publicationId");
      if (id === null || !getPublication(ctx.st, id)) errors.push({ field: ["input", String(i), "publicationId"], message: "Publication does not exist" });
      else ids.push(id);
    });
    const shop = ctx.st.shop;
    if (errors.length || !product) return view({ publishable: null, shop, userErrors: errors });
    const now = ctx.store.now();
    for (const id of ids) setPublished(ctx.st, product.id, id, published, now);
    ctx.typeOf.set(product, "Product");
    return view({ publishable: product, shop, userErrors: [] });
  };
}

function tags(add: boolean) {
  return (_s: unknown, a: { id: string; tags: string[] }, ctx: ExecCtx) => {
    const target = parseGid(a.id);
    if (!target) throw new GraphQLError(`Invalid global id '${a.id}'`, { extensions: { code: "argumentLiteralsIncompatible", typeName: "CoercionError", argumentName: "id" } });
    const product = target.type === "Product" ? ctx.st.products.get(target.id) : undefined;
    if (!product) return view({ node: null, userErrors: [{ field: ["id"], message: "Resource does not exist" }] });
    const given = a.tags.flatMap((t) => t.split(",")).map((t) => t.trim()).filter(Boolean);
    const lower = new Set(given.map((t) => t.toLowerCase()));
    const next = add
      ? [...product.tags, ...given.filter((t, i) => !product.tags.some((x) => x.toLowerCase() === t.toLowerCase()) && given.findIndex((y) => y.toLowerCase() === t.toLowerCase()) === i)]
      : product.tags.filter((t) => !lower.has(t.toLowerCase()));
    if (next.length !== product.tags.length) ctx.store.updateProduct(ctx.shop, product.id, { tags: next });
    ctx.typeOf.set(product, "Product");
    return view({ node: product, userErrors: [] });
  };
}

export const publicationMutationResolvers = {
  publishablePublish: publishable(true),
  publishableUnpublish: publishable(false),
  tagsAdd: tags(true),
  tagsRemove: tags(false),
};
