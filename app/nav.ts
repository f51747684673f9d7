// The embedded admin's navigation. Each feature adds its page here when it lands.
export const NAV_LINKS: Array<{ to: string; label: string }> = [{ to: "/app/surveys", label: "Surveys" }];
