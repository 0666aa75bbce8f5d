/**
 * Slack's required escaping for text Herald did not write itself. Unescaped, `<!channel>` pings a
 * whole channel and `<https://evil|label>` forges a link. Exactly these three characters, nothing
 * else: Slack decodes only these entities, so escaping more would show up as literal "&#39;".
 */
export function escapeSlackText(text: string): string {
  return text.replace(/[&<>]/g, (character) => (character === "&" ? "&amp;" : character === "<" ? "&lt;" : "&gt;"));
}
