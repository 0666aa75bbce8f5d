/**
 * An independent check of a Slack message against Slack's documented limits
 * (reference/slack-platform.md), written from the documentation rather than from the adapter so a
 * mistake in one is not repeated in the other. Returns every violation, readable in a test failure.
 */
import type { KnownBlock } from "@slack/web-api";

export const SLACK = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  textObject: 3000,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonUrl: 3000,
  actionId: 255,
  fallbackText: 4000,
  totalText: 12_000,
} as const;

export interface SlackMessageShape {
  readonly text: string;
  readonly blocks: readonly KnownBlock[];
}

interface TextObjectShape {
  readonly type?: unknown;
  readonly text?: unknown;
}

export function blockKitViolations(message: SlackMessageShape): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };
  let total = 0;
  const textObject = (where: string, object: TextObjectShape | undefined, max: number, types: readonly string[]) => {
    if (object === undefined || typeof object.text !== "string") {
      problems.push(`${where}: missing text`);
      return;
    }
    check(types.includes(String(object.type)), `${where}: type ${String(object.type)} not in ${types.join("/")}`);
    check(object.text.trim() !== "", `${where}: blank text`);
    check(object.text.length <= max, `${where}: ${object.text.length} chars > ${max}`);
    total += object.text.length;
  };

  check(typeof message.text === "string" && message.text.trim() !== "", "text: fallback text missing");
  check(message.text.length <= SLACK.fallbackText, `text: ${message.text.length} chars > ${SLACK.fallbackText}`);
  check(message.blocks.length >= 1, "blocks: none");
  check(message.blocks.length <= SLACK.blocks, `blocks: ${message.blocks.length} > ${SLACK.blocks}`);

  const actionIds = new Set<string>();
  message.blocks.forEach((block, index) => {
    const where = `blocks[${index}] (${block.type})`;
    switch (block.type) {
      case "header":
        textObject(where, block.text, SLACK.headerText, ["plain_text"]);
        break;
      case "section": {
        check(block.text !== undefined || (block.fields?.length ?? 0) > 0, `${where}: neither text nor fields`);
        if (block.text !== undefined) textObject(`${where}.text`, block.text, SLACK.sectionText, ["plain_text", "mrkdwn"]);
        const fields = block.fields ?? [];
        check(fields.length <= SLACK.sectionFields, `${where}: ${fields.length} fields > ${SLACK.sectionFields}`);
        fields.forEach((field, fieldIndex) =>
          textObject(`${where}.fields[${fieldIndex}]`, field, SLACK.fieldText, ["plain_text", "mrkdwn"]),
        );
        break;
      }
      case "context":
        check(block.elements.length >= 1, `${where}: no elements`);
        check(block.elements.length <= SLACK.contextElements, `${where}: ${block.elements.length} elements > ${SLACK.contextElements}`);
        block.elements.forEach((element, elementIndex) =>
          textObject(`${where}.elements[${elementIndex}]`, element as TextObjectShape, SLACK.textObject, ["plain_text", "mrkdwn"]),
        );
        break;
      case "actions":
        check(block.elements.length >= 1, `${where}: no elements`);
        check(block.elements.length <= SLACK.actionsElements, `${where}: ${block.elements.length} elements > ${SLACK.actionsElements}`);
        block.elements.forEach((element, elementIndex) => {
          const at = `${where}.elements[${elementIndex}]`;
          if (element.type !== "button") {
            problems.push(`${at}: ${element.type} is not a button`);
            return;
          }
          textObject(`${at}.text`, element.text, SLACK.buttonText, ["plain_text"]);
          const url = element.url ?? "";
          // A button either opens an https link or sends its value back (Herald's on-call buttons): never neither.
          if (element.url === undefined) check((element.value ?? "").length >= 1 && (element.value ?? "").length <= 2_000, `${at}: a button without url needs a value of 1-2000 chars`);
          else check(url.startsWith("https://"), `${at}: url is not https: ${url.slice(0, 80)}`);
          check(url.length <= SLACK.buttonUrl, `${at}: url ${url.length} chars > ${SLACK.buttonUrl}`);
          total += url.length;
          const actionId = element.action_id ?? "";
          check(actionId.length >= 1 && actionId.length <= SLACK.actionId, `${at}: bad action_id length`);
          check(!actionIds.has(actionId), `${at}: duplicate action_id ${actionId}`);
          actionIds.add(actionId);
        });
        break;
      default:
        problems.push(`${where}: unexpected block type`);
    }
  });
  check(total <= SLACK.totalText, `total block text ${total} chars > ${SLACK.totalText}`);
  return problems;
}

/** Every string Slack would read as text: fallback, header, sections, fields, context, buttons. */
export function allTexts(message: SlackMessageShape): string[] {
  const texts = [message.text];
  for (const block of message.blocks) {
    if (block.type === "header") texts.push(block.text.text);
    if (block.type === "section") {
      if (block.text) texts.push(block.text.text);
      for (const field of block.fields ?? []) texts.push(field.text);
    }
    if (block.type === "context") {
      for (const element of block.elements) {
        if ("text" in element && typeof element.text === "string") texts.push(element.text);
      }
    }
    if (block.type === "actions") {
      for (const element of block.elements) if (element.type === "button") texts.push(element.text.text);
    }
  }
  return texts;
}

/**
 * Texts that would let Slack act on markup: a raw "<" or ">" (mentions, links) or an "&" that does
 * not start one of the three entities. Herald's own text never needs either, so any hit is a leak.
 */
export function unescapedMarkup(message: SlackMessageShape): string[] {
  return allTexts(message).filter((text) => /[<>]|&(?!amp;|lt;|gt;)/.test(text));
}
