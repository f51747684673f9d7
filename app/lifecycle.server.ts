import { markUninstalled, updateScopes } from "./shops.server";
import { onTopic } from "./webhooks/handlers.server";

onTopic("app/uninstalled", ({ shop }) => markUninstalled(shop));
onTopic<{ current: string[] }>("app/scopes_update", ({ shop, payload }) => updateScopes(shop, payload.current ?? []));
