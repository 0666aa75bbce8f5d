import { decodeSlackEntities, escapeHtml, safeHref, slackTextToHtml } from "./escape";

/**
 * Slack mrkdwn → HTML, the basics: `<url|label>` links, mentions, *bold*, _italic_, ~strike~,
 * `code`, ```blocks``` and line breaks. Text is decoded from Slack's entities and HTML-escaped
 * before any markup is added; markup never comes from the input itself.
 */
export function mrkdwnToHtml(text: string): string {
  const pieces: string[] = [];
  // Placeholders (private-use characters, removed from the input) keep finished HTML away from the formatting rules below.
  const hold = (html: string) => `\ue000${pieces.push(html) - 1}\ue001`;
  let source = text.replace(/[\ue000\ue001]/g, "");
  source = source.replace(/```([\s\S]*?)```/g, (_, code: string) => hold(`<pre>${slackTextToHtml(code.replace(/^\n/, ""))}</pre>`));
  source = source.replace(/`([^`\n]+)`/g, (_, code: string) => hold(`<code>${slackTextToHtml(code)}</code>`));
  source = source.replace(/<([^<>\n]*)>/g, (_, inner: string) => hold(controlSequence(inner)));
  let html = slackTextToHtml(source);
  html = emphasis(html, "*", "strong");
  html = emphasis(html, "_", "em");
  html = emphasis(html, "~", "del");
  html = html.replace(/\n/g, "<br>");
  return html.replace(/\ue000(\d+)\ue001/g, (_, index: string) => pieces[Number(index)]);
}

function emphasis(html: string, marker: string, tag: string): string {
  const m = `\\${marker}`;
  const pattern = new RegExp(`(^|[\\s(>\\ue001])${m}(?=\\S)([^${m}\\n]*?\\S)${m}(?=$|[\\s.,!?;:)<\\ue000])`, "g");
  return html.replace(pattern, (_, before: string, inner: string) => `${before}<${tag}>${inner}</${tag}>`);
}

/** What Slack makes of `<…>`: links, user/channel mentions, special mentions, dates. */
function controlSequence(inner: string): string {
  const [target, ...rest] = inner.split("|");
  const label = rest.length ? rest.join("|") : undefined;
  const href = safeHref(decodeSlackEntities(target));
  if (href) return `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${slackTextToHtml(label ?? target)}</a>`;
  if (/^@[UW][A-Z0-9]+$/.test(target)) return `<span class="mention">@${escapeHtml(label ?? target.slice(1))}</span>`;
  if (/^#C[A-Z0-9]+$/.test(target)) return `<span class="mention">#${escapeHtml(label ?? target.slice(1))}</span>`;
  if (/^!(here|channel|everyone)$/.test(target)) return `<span class="mention mention-broadcast">@${target.slice(1)}</span>`;
  if (/^!date\^/.test(target) && label) return slackTextToHtml(label);
  // Not something Slack would interpret: show it as the text it is.
  return escapeHtml(`<${decodeSlackEntities(inner)}>`);
}
