import { SIGNED_REQUESTS_TABLE_ACTIONS } from "../shared/store/signed-requests";
import { SLACK_EVENTS_TABLE_ACTIONS } from "../shared/store/slack-events";
import { type TableAction, tableActions } from "../shared/store/table-actions";

/** What the command function does to the home table (the repositories it uses); lib/constructs/command-api.ts grants exactly this. */
export const COMMAND_TABLE_ACTIONS: readonly TableAction[] = tableActions(
  SIGNED_REQUESTS_TABLE_ACTIONS,
  SLACK_EVENTS_TABLE_ACTIONS,
  // The channel's usual commands (the privacy record and the channel's inputs, read only), until
  // lambdas/shared/privacy exports its repositories' lists.
  ["dynamodb:GetItem", "dynamodb:Query"],
);
