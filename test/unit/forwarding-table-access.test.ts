import { CONFIG_SYNC_TABLE_ACTIONS } from "../../lambdas/config-sync/table-access";
import { FORWARDER_TABLE_ACTIONS } from "../../lambdas/forwarder/table-access";

describe("table actions of the forwarding flow, as the union of its repositories' lists", () => {
  test("the forwarder gets what it was granted before the lists moved next to the calls, and no Scan", () => {
    expect(FORWARDER_TABLE_ACTIONS).toEqual([
      "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem", "dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem",
    ]);
  });

  test("the config sync gets only its deploy-time scan and batch writes", () => {
    expect(CONFIG_SYNC_TABLE_ACTIONS).toEqual(["dynamodb:BatchWriteItem", "dynamodb:Scan"]);
  });
});
