import { type DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { unlessConditionFails } from "./conditional";

/**
 * The one lease (claim) scheme every repository uses: an item's `holder` and `leaseUntil` (epoch ms)
 * say who may act on it until when. Taking it is a conditional update (no holder, or the holder's time
 * is up); renewing or releasing it requires still being the holder, so a holder whose time ran out
 * can never undo the next holder's work. A crashed holder blocks others only until `leaseUntil`.
 * `set` adds the caller's own attributes to the same write (e.g. pacing defaults, entity names).
 */

export interface LeaseKey {
  readonly pk: string;
  readonly sk: string;
}

export interface LeaseRequest {
  readonly key: LeaseKey;
  /** A token unique to this holder. */
  readonly holder: string;
  /** Epoch ms the lease ends. */
  readonly until: number;
  /** Epoch ms now (a lease that ended before it is free). */
  readonly now: number;
  /** Attribute values written with the lease (SET name = value). */
  readonly set?: Readonly<Record<string, unknown>>;
  /** Attribute values written only when absent (SET name = if_not_exists(name, value)). */
  readonly setIfAbsent?: Readonly<Record<string, unknown>>;
  /** An extra condition that must also hold (ANDed), with its own values (names prefixed `:c_`). */
  readonly condition?: { readonly expression: string; readonly values: Readonly<Record<string, unknown>> };
}

export interface LeaseHold {
  readonly key: LeaseKey;
  readonly holder: string;
}

export const LEASE_TABLE_ACTIONS = ["dynamodb:UpdateItem"] as const;

export function createLeases(doc: DynamoDBDocumentClient, tableName: string) {
  /** Takes the lease, returning the item as it now is, or undefined while someone else holds it. */
  async function acquire(request: LeaseRequest): Promise<Record<string, unknown> | undefined> {
    const { names, values, sets } = assignments(request.set ?? {}, request.setIfAbsent ?? {});
    let attributes: Record<string, unknown> | undefined;
    const taken = await unlessConditionFails(async () => {
      const result = await doc.send(new UpdateCommand({
        TableName: tableName,
        Key: request.key,
        UpdateExpression: `SET holder = :holder, leaseUntil = :until${sets.length ? `, ${sets.join(", ")}` : ""}`,
        ConditionExpression: `(attribute_not_exists(holder) OR leaseUntil < :now)${request.condition ? ` AND (${request.condition.expression})` : ""}`,
        ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: { ":holder": request.holder, ":until": request.until, ":now": request.now, ...values, ...(request.condition?.values ?? {}) },
        ReturnValues: "ALL_NEW",
      }));
      attributes = result.Attributes;
    });
    return taken ? (attributes ?? {}) : undefined;
  }

  /** Writes attributes while still holding the lease (and, with `until`, extends it); false when the lease was lost. */
  async function update(hold: LeaseHold, set: Readonly<Record<string, unknown>>, until?: number): Promise<boolean> {
    const { names, values, sets } = assignments(until === undefined ? set : { ...set, leaseUntil: until }, {});
    if (sets.length === 0) return true;
    return unlessConditionFails(() => doc.send(new UpdateCommand({
      TableName: tableName,
      Key: hold.key,
      UpdateExpression: `SET ${sets.join(", ")}`,
      ConditionExpression: "holder = :holder",
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ":holder": hold.holder, ...values },
    })));
  }

  /** Gives the lease back (writing `set` with it); false when it had been lost already. */
  async function release(hold: LeaseHold, set: Readonly<Record<string, unknown>> = {}): Promise<boolean> {
    const { names, values, sets } = assignments({ ...set, leaseUntil: 0 }, {});
    return unlessConditionFails(() => doc.send(new UpdateCommand({
      TableName: tableName,
      Key: hold.key,
      UpdateExpression: `SET ${sets.join(", ")} REMOVE holder`,
      ConditionExpression: "holder = :holder",
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ":holder": hold.holder, ...values },
    })));
  }

  return { acquire, update, release };
}

export type Leases = ReturnType<typeof createLeases>;

/** SET clauses with placeholder names and values (`#a0 = :a0`, `#b0 = if_not_exists(#b0, :b0)`). */
function assignments(set: Readonly<Record<string, unknown>>, setIfAbsent: Readonly<Record<string, unknown>>) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  Object.entries(set).forEach(([name, value], i) => {
    names[`#a${i}`] = name;
    values[`:a${i}`] = value;
    sets.push(`#a${i} = :a${i}`);
  });
  Object.entries(setIfAbsent).forEach(([name, value], i) => {
    names[`#b${i}`] = name;
    values[`:b${i}`] = value;
    sets.push(`#b${i} = if_not_exists(#b${i}, :b${i})`);
  });
  return { names, values, sets };
}
