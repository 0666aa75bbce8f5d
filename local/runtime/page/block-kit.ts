import { escapeHtml, safeHref, slackTextToHtml } from "./escape";
import { mrkdwnToHtml } from "./mrkdwn";

/**
 * Block Kit → HTML for the local page: header, section (text, fields, accessory), context,
 * actions (link buttons, and buttons the page turns into Slack's block_actions), divider, image
 * and a fallback for anything else. Blocks are untrusted JSON: every field is checked before use
 * and every string is escaped.
 */

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const str = (value: unknown): string => (typeof value === "string" ? value : "");

export function blocksToHtml(blocks: readonly unknown[], fallbackText: string): string {
  if (blocks.length === 0) return `<div class="bk-section">${mrkdwnToHtml(fallbackText)}</div>`;
  return blocks.map((block) => (isObject(block) ? blockToHtml(block) : "")).join("");
}

function blockToHtml(block: Json): string {
  switch (block.type) {
    case "header":
      return `<div class="bk-header">${plain(block.text)}</div>`;
    case "section": {
      const text = isObject(block.text) ? `<div class="bk-text">${textObject(block.text)}</div>` : "";
      const fields = Array.isArray(block.fields)
        ? `<div class="bk-fields">${block.fields.map((f) => `<div class="bk-field">${isObject(f) ? textObject(f) : ""}</div>`).join("")}</div>`
        : "";
      const accessory = isObject(block.accessory) ? `<div class="bk-accessory">${elementToHtml(block.accessory, str(block.block_id))}</div>` : "";
      return `<div class="bk-section"><div class="bk-section-main">${text}${fields}</div>${accessory}</div>`;
    }
    case "context": {
      const elements = Array.isArray(block.elements) ? block.elements.filter(isObject) : [];
      return `<div class="bk-context">${elements.map((e) => `<span>${e.type === "image" ? imageLink(e) : textObject(e)}</span>`).join("")}</div>`;
    }
    case "actions": {
      const elements = Array.isArray(block.elements) ? block.elements.filter(isObject) : [];
      return `<div class="bk-actions">${elements.map((element) => elementToHtml(element, str(block.block_id))).join("")}</div>`;
    }
    case "divider":
      return `<hr class="bk-divider">`;
    case "image":
      return `<div class="bk-image">${imageLink(block)}</div>`;
    case "rich_text":
      return `<div class="bk-section">${escapeHtml(richTextPlain(block))}</div>`;
    default:
      return `<div class="bk-unknown">[${escapeHtml(str(block.type) || "unknown")} block]</div>`;
  }
}

function textObject(text: Json): string {
  return text.type === "mrkdwn" ? mrkdwnToHtml(str(text.text)) : slackTextToHtml(str(text.text));
}

function plain(text: unknown): string {
  return isObject(text) ? slackTextToHtml(str(text.text)) : "";
}

/**
 * Buttons with a URL open it. Other buttons carry what Slack's block_actions reports (action_id,
 * block_id, value, label) in data attributes: the page's script sends the click, as the user in
 * the channel's command box. Other interactive elements are shown but inert here.
 */
function elementToHtml(element: Json, blockId: string): string {
  if (element.type === "button") {
    const label = plain(element.text);
    const href = safeHref(str(element.url));
    const style = element.style === "primary" || element.style === "danger" ? ` bk-button-${element.style}` : "";
    if (href) return `<a class="bk-button${style}" href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${label}</a>`;
    const actionId = str(element.action_id);
    if (!actionId) return `<button class="bk-button${style}" type="button" disabled title="A button without an action_id">${label}</button>`;
    const value = typeof element.value === "string" ? ` data-value="${escapeHtml(element.value)}"` : "";
    const rawLabel = isObject(element.text) ? str(element.text.text) : "";
    return `<button class="bk-button${style}" type="button" data-action-id="${escapeHtml(actionId)}" data-block-id="${escapeHtml(blockId)}"${value} ` +
      `data-label="${escapeHtml(rawLabel)}" title="Sends Slack's block_actions to /slack/interactions as the user in this channel's command box">${label}</button>`;
  }
  if (element.type === "image") return imageLink(element);
  return `<span class="bk-unknown">[${escapeHtml(str(element.type) || "element")}]</span>`;
}

// Remote images are linked, not loaded: the page fetches nothing a message names.
function imageLink(image: Json): string {
  const alt = escapeHtml(str(image.alt_text) || "image");
  const href = safeHref(str(image.image_url));
  return href ? `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">[${alt}]</a>` : `[${alt}]`;
}

function richTextPlain(node: unknown): string {
  if (!isObject(node)) return "";
  if (typeof node.text === "string") return node.text;
  return Array.isArray(node.elements) ? node.elements.map(richTextPlain).join("") : "";
}
