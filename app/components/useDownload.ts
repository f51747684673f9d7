// Downloads a file from an authenticated app route in the embedded admin: fetch (App Bridge adds
// the session token) and hand the blob to the browser.
import { useCallback, useState } from "react";

export function useDownload() {
  const [error, setError] = useState<string | null>(null);
  const download = useCallback(async (url: string, filename: string) => {
    setError(null);
    const res = await fetch(url);
    if (!res.ok) return setError(`Export failed (${res.status}).`);
    const href = URL.createObjectURL(await res.blob());
    const a = document.createElement("a");
    a.href = href;
    a.download = filename;
    a.click();
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
  }, []);
  return { download, error };
}
