// Every module that registers job handlers or webhook topic handlers, imported once by
// whatever runs the worker (the web server in embedded mode, or scripts/worker.ts).
import "./webhooks/process.server";
import "./lifecycle.server";
import "./privacy/compliance.server";
import "./catalog/webhooks.server";
import "./storefront/stock.server";
import "./inventory/ledger.server";
import "./orders/webhooks.server";
import "./shop-info.server";
import "./sync/index.server";
import "./surveys/privacy.server";
