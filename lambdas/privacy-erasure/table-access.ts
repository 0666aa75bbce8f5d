import { ERASURE_RECEIPTS_TABLE_ACTIONS } from "../shared/store/erasure-receipts";
import { ERASURE_REQUESTS_TABLE_ACTIONS } from "../shared/store/erasure-requests";
import { PRIVACY_COPY_TABLE_ACTIONS, PRIVACY_READ_TABLE_ACTIONS } from "../shared/store/privacy-records";
import { type TableAction, tableActions } from "../shared/store/table-actions";
import { USER_DATA_ERASURE_TABLE_ACTIONS } from "../shared/store/user-data";
import { WAITING_OUTBOX_TABLE_ACTIONS } from "../shared/store/waiting-outbox";

/**
 * What the erasure function does to each Region's table (lambdas/shared/privacy/region-erasure.ts):
 * bring its privacy copy up to date, find and delete user data, erase waiting outbox items.
 */
export const ERASURE_REMOTE_TABLE_ACTIONS: readonly TableAction[] = tableActions(PRIVACY_COPY_TABLE_ACTIONS, USER_DATA_ERASURE_TABLE_ACTIONS, WAITING_OUTBOX_TABLE_ACTIONS);

/** …and to the home table besides: read the authoritative record, the requests and their receipts. lib/constructs/privacy-erasure.ts grants exactly these. */
export const ERASURE_HOME_TABLE_ACTIONS: readonly TableAction[] = tableActions(ERASURE_REMOTE_TABLE_ACTIONS, PRIVACY_READ_TABLE_ACTIONS, ERASURE_REQUESTS_TABLE_ACTIONS, ERASURE_RECEIPTS_TABLE_ACTIONS);
