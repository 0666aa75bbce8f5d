import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { storeUserData, type StoreUserDataResult, type UserDataInput } from "../privacy/user-data";
import { storeContext } from "../store/context";
import { createOnCallStore, type OnCallStore } from "../store/on-call";
import { alarmRegion } from "./actions";

/**
 * On-call state lives in the table of the Region that forwarded the alarm (its forwarder opens,
 * resolves and escalates it there); the command worker, in the home Region, reaches each Region's
 * table through this port. Who acted is kept there too, as that Region's user data.
 */
export interface OnCallRegion {
  readonly region: string;
  readonly store: OnCallStore;
  /** Keeps an interaction as user data in this Region, only while sharing is on there (lambdas/shared/privacy). */
  readonly keep: (item: UserDataInput) => Promise<StoreUserDataResult>;
}

export interface OnCallRegions {
  readonly homeRegion: string;
  /** Every configured Region, the home Region first. */
  readonly all: readonly OnCallRegion[];
}

/** The Region an alarm's lifecycle is kept in: its ARN's Region when Herald runs there, else the home Region. */
export function regionOfAlarm(regions: OnCallRegions, threadKey: string): OnCallRegion {
  const named = alarmRegion(threadKey);
  const home = regions.all.find((candidate) => candidate.region === regions.homeRegion) ?? regions.all[0];
  return regions.all.find((candidate) => candidate.region === named) ?? home;
}

export interface OnCallRegionsOptions {
  readonly homeRegion: string;
  /** Every configured Region (the home Region among them). */
  readonly regions: readonly string[];
  /** The document client of a Region's table (all tables share one name). */
  readonly docFor: (region: string) => DynamoDBDocumentClient;
  readonly tableName: string;
  readonly accountId: string;
  readonly retentionDays: number;
  readonly now?: () => number;
}

export function createOnCallRegions(options: OnCallRegionsOptions): OnCallRegions {
  const regions = [options.homeRegion, ...options.regions.filter((region) => region !== options.homeRegion)];
  return {
    homeRegion: options.homeRegion,
    all: regions.map((region) => {
      const doc = options.docFor(region);
      return {
        region,
        store: createOnCallStore(storeContext(doc, options.tableName, options.now === undefined ? {} : { now: options.now })),
        keep: (item) => storeUserData(doc, options.tableName, options.accountId, item, { retentionDays: options.retentionDays, ...(options.now === undefined ? {} : { now: options.now }) }),
      };
    }),
  };
}
