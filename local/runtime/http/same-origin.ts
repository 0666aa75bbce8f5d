import type { IncomingMessage } from "node:http";

/**
 * Who may drive the runtime: its own page, and clients that are not browsers (the CLI, the AWS SDK
 * and CLI, curl). A page on any other origin can make the browser send simple requests here —
 * `no-cors` POSTs with `text/plain` or form bodies, `<img>` GETs — without reading the answer, which
 * is enough to run a worker job, publish, or switch the Slack sink's failures. Browsers say where such
 * a request comes from (`Sec-Fetch-Site`, and `Origin` on every cross-origin POST); tools send
 * neither. So: refuse any request a browser marks as coming from elsewhere. Another port of this
 * machine is another origin (`same-site`, not `same-origin`) and is refused too.
 */
export function fromElsewhere(req: IncomingMessage, ownOrigins: ReadonlySet<string>): string | undefined {
  const site = req.headers["sec-fetch-site"];
  // "none": the user typed the address or used a bookmark.
  if (site !== undefined && site !== "same-origin" && site !== "none") return `Sec-Fetch-Site: ${site}`;
  const origin = req.headers.origin;
  if (origin !== undefined && !ownOrigins.has(origin)) return `Origin: ${origin}`;
  return undefined;
}

/** Navigations to the page may come from anywhere (a link elsewhere): showing it runs nothing. */
export function isPageNavigation(req: IncomingMessage, path: string): boolean {
  return (req.method === "GET" || req.method === "HEAD") && (path === "/" || path.startsWith("/assets/"));
}

/** The page can be shown by this runtime's own tab only, never inside another site's frame (clickjacking). */
export const FRAMING_HEADERS = { "content-security-policy": "frame-ancestors 'none'", "x-frame-options": "DENY" } as const;
