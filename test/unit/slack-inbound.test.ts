import { parseSlackRequest, SlackRequestError, stripMention } from "../../lambdas/shared/slack/inbound";

describe("an app mention's command text", () => {
  // Moved here from the grammar's tests with the function: the Slack adapter removes the mention.
  test("stripMention removes the leading bot mention of an app_mention", () => {
    expect(stripMention("<@U0LAN0Z89> sns list-topics")).toBe("sns list-topics");
    expect(stripMention("  <@U0LAN0Z89|herald>: sns list-topics")).toBe("sns list-topics");
    expect(stripMention("sns publish --message <@U123>")).toBe("sns publish --message <@U123>");
  });

  test.each([
    ["an enterprise user id (W…)", "<@W0LAN0Z89> dynamodb list-tables", "dynamodb list-tables"],
    ["a lower-case id", "<@u0lan0z89> dynamodb list-tables", "dynamodb list-tables"],
    ["a comma after the name", "<@U0LAN0Z89>, dynamodb list-tables", "dynamodb list-tables"],
    ["only the mention", "<@U0LAN0Z89>", ""],
    ["a second mention, which is the command's own", "<@U0LAN0Z89> <@U0OTHER01> help", "<@U0OTHER01> help"],
    ["no mention at all", "help", "help"],
  ])("with %s", (_case, text, command) => {
    expect(stripMention(text)).toBe(command);
  });
});

describe("parsing what Slack sends (after verification)", () => {
  const form = (fields: Record<string, string>) => Buffer.from(new URLSearchParams(fields).toString());
  const slash = { team_id: "T0HERALD1", channel_id: "C0DEV0001", user_id: "U0DEV0001", command: "/aws", text: "help", response_url: "https://hooks.slack.com/commands/x" };

  test("a slash command names its workspace, channel, caller, text and response URL", () => {
    expect(parseSlackRequest("commands", "application/x-www-form-urlencoded", form(slash))).toMatchObject({
      kind: "slash-command", teamId: "T0HERALD1", channelId: "C0DEV0001", userId: "U0DEV0001", text: "help", responseUrl: "https://hooks.slack.com/commands/x",
    });
  });

  test("an app mention keeps its text as sent; the event's team_id names the workspace", () => {
    const body = Buffer.from(JSON.stringify({ type: "event_callback", team_id: "T0HERALD1", event_id: "Ev1", event: { type: "app_mention", user: "U0DEV0001", channel: "C0DEV0001", ts: "1.1", text: "<@U0HERALD> help" } }));
    expect(parseSlackRequest("events", "application/json", body)).toMatchObject({ kind: "app-mention", eventId: "Ev1", teamId: "T0HERALD1", text: "<@U0HERALD> help", ts: "1.1" });
  });

  test("a button click names the workspace of payload.team", () => {
    const payload = { type: "block_actions", team: { id: "T0HERALD1" }, user: { id: "U0DEV0001", team_id: "T0HERALD1" }, channel: { id: "C0DEV0001" }, response_url: "https://hooks.slack.com/actions/x", actions: [{ action_id: "herald-confirm", value: "c1" }] };
    expect(parseSlackRequest("interactions", "application/x-www-form-urlencoded", form({ payload: JSON.stringify(payload) }))).toMatchObject({ kind: "block-action", teamId: "T0HERALD1", userId: "U0DEV0001" });
  });

  test.each([
    ["a slash command without a team_id", "commands" as const, form({ ...slash, team_id: "" })],
    ["an interaction that is not JSON", "interactions" as const, form({ payload: "{" })],
    ["an empty body", "events" as const, Buffer.from("  ")],
  ])("refuses %s as a bad request", (_case, route, body) => {
    expect(() => parseSlackRequest(route, "application/x-www-form-urlencoded", body)).toThrow(SlackRequestError);
  });
});
