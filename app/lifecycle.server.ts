import { onUninstalledLifecycle, reviewScopes } from "./billing/lifecycle.server";
import { markUninstalled, updateScopes } from "./shops.server";
import type { TopicEvent } from "./webhooks/topic-event";

export const onAppUninstalled = async ({ shop }: TopicEvent) => {
  await markUninstalled(shop);
  await onUninstalledLifecycle({ shop });
};
export const onScopesUpdate = async ({ shop, payload }: TopicEvent<{ current: string[] }>) => {
  await updateScopes(shop, payload.current ?? []);
  await reviewScopes(shop, payload.current ?? []);
};
