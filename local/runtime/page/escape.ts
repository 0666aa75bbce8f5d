/** Safe text for HTML: every string from a message, config or event passes through here. */
export function escapeHtml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** Slack text carries `&`, `<` and `>` as entities (the rest is literal): undo exactly those three. */
export function decodeSlackEntities(value: string): string {
  return value.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** Slack-escaped text → HTML-escaped text, nothing interpreted. */
export function slackTextToHtml(value: string): string {
  return escapeHtml(decodeSlackEntities(value));
}

/** A URL that may become an href: only web and mail links, never `javascript:` or `data:`. */
export function safeHref(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return ["http:", "https:", "mailto:"].includes(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
