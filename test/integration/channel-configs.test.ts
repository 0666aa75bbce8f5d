import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { storeContext } from "../../lambdas/shared/store/index";
import { StoredItemError } from "../../lambdas/shared/store/item-guards";
import { keys } from "../../lambdas/shared/store/keys";
import { loadHeraldConfig } from "../../lambdas/shared/config/load";
import { channelConfigRecords, createChannelConfigs } from "../../lambdas/shared/store/channel-configs";
import { heraldTopicArn } from "../../local/stand-ins/sns-event";
import { startTable } from "../helpers/dynamo-table";
import { EXAMPLE_CONFIG_PATH } from "../helpers/local-services";

/** Channel configurations in the table: written from the config at deploy time, read by topic and by channel. */

const config = loadHeraldConfig(EXAMPLE_CONFIG_PATH);
const regions = ["us-east-1", "eu-west-1"];
const arn = (region: string) => (name: string) => heraldTopicArn(name, region, "123456789012");

let table: Awaited<ReturnType<typeof startTable>>;
beforeAll(async () => {
  table = await startTable(regions);
}, 60_000);
afterAll(() => table?.stop());

test("all configurations of a topic come back from one query, with the workspace's secret names (never values)", async () => {
  const records = channelConfigRecords(config, arn("us-east-1"));
  await createChannelConfigs(storeContext(table.doc("us-east-1"), table.tableName)).sync(records);

  const found = await createChannelConfigs(storeContext(table.doc("us-east-1"), table.tableName)).forTopic(arn("us-east-1")("alarms"));
  expect(found.map((c) => c.name).sort()).toEqual(["dev-everything", "ops-alarms"]);
  expect(found.find((c) => c.name === "ops-alarms")).toEqual(records.find((r) => r.name === "ops-alarms"));
  expect(found[0].botTokenSecretName).toBe("herald/T0HERALD1/bot-token");
});

test("several configurations may govern one channel", async () => {
  await createChannelConfigs(storeContext(table.doc("us-east-1"), table.tableName)).sync(channelConfigRecords(config, arn("us-east-1")));
  const found = await createChannelConfigs(storeContext(table.doc("us-east-1"), table.tableName)).forChannel("T0HERALD1", "C0OPS0001");
  expect(found.map((c) => c.name).sort()).toEqual(["ops-alarms", "ops-deployments"]);
});

test("a re-sync removes configurations and topics that left the config, and is idempotent", async () => {
  const doc = table.doc("us-east-1");
  await createChannelConfigs(storeContext(doc, table.tableName)).sync(channelConfigRecords(config, arn("us-east-1")));
  const smaller = {
    ...config,
    channels: config.channels.filter((c) => c.name !== "ops-alarms").map((c) => (c.name === "dev-everything" ? { ...c, topics: ["deployments"] } : c)),
  };
  const first = await createChannelConfigs(storeContext(doc, table.tableName)).sync(channelConfigRecords(smaller, arn("us-east-1")));
  expect(first.deleted).toBe(3); // ops-alarms by topic and by channel, dev-everything's "alarms" subscription
  expect(await createChannelConfigs(storeContext(doc, table.tableName)).forTopic(arn("us-east-1")("alarms"))).toEqual([]);
  expect((await createChannelConfigs(storeContext(doc, table.tableName)).sync(channelConfigRecords(smaller, arn("us-east-1")))).deleted).toBe(0);
});

test("each Region's table holds only that Region's topic ARNs", async () => {
  await createChannelConfigs(storeContext(table.doc("eu-west-1"), table.tableName)).sync(channelConfigRecords(config, arn("eu-west-1")));
  expect(await createChannelConfigs(storeContext(table.doc("eu-west-1"), table.tableName)).forTopic(arn("us-east-1")("deployments"))).toEqual([]);
  expect((await createChannelConfigs(storeContext(table.doc("eu-west-1"), table.tableName)).forTopic(arn("eu-west-1")("deployments"))).length).toBe(2);
});

test("a configuration item that lost an attribute (a hand edit) is refused on read, naming the item and the attribute", async () => {
  const doc = table.doc("us-east-1");
  const topicArn = arn("us-east-1")("hand-edited");
  await doc.send(new PutCommand({ TableName: table.tableName, Item: { ...keys.topicConfig(topicArn, "broken"), entity: "channel-config", name: "broken", teamId: "T0HERALD1" } }));
  await expect(createChannelConfigs(storeContext(doc, table.tableName)).forTopic(topicArn)).rejects.toThrow(new StoredItemError(`The channel-config item TOPIC#${topicArn} / CONFIG#broken has no valid "channelId"`));
});
