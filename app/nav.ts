// The embedded admin's navigation. Each feature adds its page here when it lands.
export const NAV_LINKS: Array<{ to: string; label: string }> = [
  { to: "/app/sync", label: "Sync" },
  { to: "/app/exceptions", label: "Exceptions" },
  { to: "/app/activity", label: "Activity" },
  { to: "/app/surveys", label: "Surveys" },
  { to: "/app/widget", label: "Storefront widget" },
  { to: "/app/restock", label: "Back in stock" },
  { to: "/app/alerts", label: "Alerts" },
  { to: "/app/plans", label: "Plans" },
  { to: "/app/feeds", label: "Feeds" },
  { to: "/app/channels", label: "Channels" },
];
