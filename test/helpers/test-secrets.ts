/**
 * The secret values tests hand to Herald (fake, for tests only). Kept here, apart from the local
 * services that serve them, so every check that no secret leaks — into logs, responses, templates
 * and bundles — looks for the same values.
 */
export const BOT_TOKEN = "xoxb-test-0000-bot-token";
/** The local workspace's Slack signing secret. */
export const SIGNING_SECRET = "local-test-signing-secret-0001";

export const TEST_SECRETS: Readonly<Record<string, string>> = { "the bot token": BOT_TOKEN, "the signing secret": SIGNING_SECRET };

/** Which known secrets `text` contains, by name (never by value, so a failure message cannot leak one). */
export function knownSecretsIn(text: string): string[] {
  return Object.entries(TEST_SECRETS).filter(([, value]) => text.includes(value)).map(([name]) => name);
}
