import type { CommandAuditEntry } from "../../lambdas/shared/commands/audit";
import { createCommandIntake } from "../../lambdas/shared/commands/command-intake";
import type { CommandJob } from "../../lambdas/shared/commands/job";
import { commandNotice } from "../../lambdas/shared/commands/messages";

/** The domain's side of a verified chat request: what is answered at once, what goes to the worker. */

const caller = { teamId: "T0HERALD1", channelId: "C0DEV0001", userId: "U0DEV0001" };
const KEY = ["AKIA", "IOSFODNN7EXAMPLE"].join("");

function intake(quick?: string) {
  const jobs: CommandJob[] = [];
  const audits: CommandAuditEntry[] = [];
  const commands = createCommandIntake({
    quickAnswer: async (text) => (quick !== undefined && text === quick ? commandNotice("Herald help", "…") : undefined),
    dispatch: async (job) => void jobs.push(job),
    audit: (entry) => void audits.push(entry),
    now: () => 1_000,
  });
  return { commands, jobs, audits };
}

describe("a typed command", () => {
  const typed = (text: string) => ({ caller, text, replyTo: { kind: "response-url", url: "https://hooks.slack.com/commands/x" } as const, receivedAt: 900 });

  test("that runs AWS is handed to the worker with where to answer, and acknowledged as running", async () => {
    const { commands, jobs } = intake();
    const answer = await commands.command(typed("dynamodb list-tables"));
    expect(answer).toMatchObject({ kind: "command-ack", title: "Running" });
    expect(jobs).toEqual([expect.objectContaining({ caller, text: "dynamodb list-tables", replyTo: { kind: "response-url", url: "https://hooks.slack.com/commands/x" }, receivedAt: 900, requestId: expect.any(String) })]);
  });

  test("with a quick answer is answered at once, and nothing is dispatched", async () => {
    const { commands, jobs } = intake("help");
    expect(await commands.command(typed("help"))).toMatchObject({ title: "Herald help" });
    expect(jobs).toEqual([]);
  });

  test("carrying a credential is refused, audited without its text, and nothing is dispatched", async () => {
    const { commands, jobs, audits } = intake();
    const answer = await commands.command(typed(`sns publish --message ${KEY}`));
    expect(answer).toMatchObject({ kind: "command-refused" });
    expect(JSON.stringify(answer)).not.toContain(KEY);
    expect(audits).toEqual([expect.objectContaining({ outcome: "refused-credential", command: "[refused: contains a credential]", durationMs: 100 })]);
    expect(jobs).toEqual([]);
  });
});

describe("a mention and a confirmation click", () => {
  test("a mention goes to the worker to be answered in its thread; one carrying a credential goes without its text", async () => {
    const { commands, jobs } = intake();
    await commands.mention({ caller, text: "dynamodb list-tables", threadId: "1.1", receivedAt: 900 });
    await commands.mention({ caller, text: `sns publish --message ${KEY}`, threadId: "2.2", receivedAt: 900 });
    expect(jobs).toEqual([
      expect.objectContaining({ text: "dynamodb list-tables", replyTo: { kind: "channel", threadTs: "1.1" } }),
      expect.objectContaining({ text: "", refusedCredential: expect.any(String), replyTo: { kind: "channel", threadTs: "2.2" } }),
    ]);
  });

  test("a click goes to the worker with the confirmation it decides", async () => {
    const { commands, jobs } = intake();
    await commands.confirmationClick({ caller, confirmation: { id: "c1", approved: false }, replyTo: { kind: "response-url", url: "https://hooks.slack.com/actions/x" }, receivedAt: 900 });
    expect(jobs).toEqual([expect.objectContaining({ text: "", confirmation: { id: "c1", approved: false } })]);
  });
});
