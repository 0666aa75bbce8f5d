/**
 * The notification catalogue, fixture by fixture (expectations in helpers/render-catalogue.ts).
 */
import type { Notification } from "../../lambdas/shared/notifications/model";
import { renderNotification } from "../../lambdas/shared/notifications/render";
import { loadSnsFixture } from "../fixtures/sns/load";
import { CATALOGUE } from "./helpers/render-catalogue";

function fieldMap(notification: Notification): Map<string, string> {
  return new Map(notification.fields.map((field) => [field.label, field.value]));
}

describe.each(Object.entries(CATALOGUE))("%s", (name, expected) => {
  let notification: Notification;
  beforeAll(() => {
    const errors: unknown[] = [];
    notification = renderNotification(loadSnsFixture(name), { onRendererError: (_kind, error) => errors.push(error) });
    expect(errors).toEqual([]);
  });

  it(`is recognised as ${expected.kind}, ${expected.severity}: "${expected.title}"`, () => {
    expect(notification).toMatchObject({ kind: expected.kind, recognized: true, title: expected.title, severity: expected.severity });
    if (expected.summary !== undefined) expect(notification.summary).toBe(expected.summary);
    if (expected.eventType !== undefined) expect(notification.eventType).toBe(expected.eventType);
    expect(notification.alarm ?? false).toBe(expected.alarm ?? false);
  });

  it("shows the fields, lists and body that matter", () => {
    const fields = fieldMap(notification);
    for (const [label, value] of Object.entries(expected.fields ?? {})) expect([label, fields.get(label)]).toEqual([label, value]);
    for (const label of expected.absent ?? []) expect(fields.has(label)).toBe(false);
    for (const [title, items] of Object.entries(expected.lists ?? {})) {
      expect(notification.lists.find((list) => list.title === title)?.items.map((item) => item.text)).toEqual(items);
    }
    if (typeof expected.body === "string") expect(notification.body?.text).toBe(expected.body);
    if (expected.body instanceof RegExp) expect(notification.body?.text).toMatch(expected.body);
    for (const item of expected.context ?? []) expect(notification.context).toContain(item);
  });

  it("links to the console of its own partition and Region (or not at all)", () => {
    if (expected.link === null) expect(notification.links).toEqual([]);
    else if (expected.link !== undefined) expect(notification.links[0]?.url).toBe(expected.link);
    for (const link of notification.links) expect(link.url).toMatch(/^https:\/\//);
  });

  it("threads as its source's conversations do", () => {
    if (expected.thread === null) expect(notification.thread).toBeUndefined();
    else if (expected.thread !== undefined) expect(notification.thread).toMatchObject(expected.thread);
  });
});
