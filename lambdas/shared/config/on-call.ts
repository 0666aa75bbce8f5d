import { z } from "zod";

/**
 * A channel configuration's on-call settings (`channels[].onCall`): who may snooze its
 * notifications, and how an ALARM nobody acknowledges is escalated. Configuration, not user data.
 */

const SlackUserId = z.string().regex(/^[UW][A-Z0-9]{2,}$/, "must be a Slack user id such as U0123ABCD");

/** One escalation step: after `afterMinutes` without an acknowledgement, mention exactly one target. */
export const EscalationStepSchema = z.strictObject({
  /** Minutes after the alarm's first post (not after the previous step). */
  afterMinutes: z.number().int("must be a whole number of minutes").min(1, "must be at least 1").max(10_080, "must be at most 10080 (7 days)"),
  /** A Slack user group id (`<!subteam^ID>`). */
  userGroup: z.string().regex(/^S[A-Z0-9]{2,}$/, "must be a Slack user group id such as S0123ABCD").optional(),
  /** `@here` in the thread. */
  here: z.literal(true).optional(),
  /** Named members, each told in a direct message (and named in the thread). */
  members: z.array(SlackUserId).min(1, "name at least one member").max(10, "at most 10 members").optional(),
}).superRefine((step, ctx) => {
  const targets = [step.userGroup, step.here, step.members].filter((target) => target !== undefined).length;
  if (targets !== 1) ctx.addIssue({ code: "custom", message: "give exactly one of userGroup, here or members" });
});

export const OnCallSchema = z.strictObject({
  /** Who may snooze this channel's notifications from their buttons: every member (default) or Herald's admins only. */
  snoozeBy: z.enum(["members", "admins"]).default("members"),
  /** Steps in order of `afterMinutes`; each is mentioned once, and an acknowledgement or the OK stops the rest. */
  escalation: z.strictObject({
    steps: z.array(EscalationStepSchema).min(1, "list at least one step").max(5, "at most 5 steps"),
  }).superRefine((escalation, ctx) => {
    escalation.steps.forEach((step, index) => {
      const previous = escalation.steps[index - 1];
      if (previous !== undefined && step.afterMinutes <= previous.afterMinutes) {
        ctx.addIssue({ code: "custom", path: ["steps", index, "afterMinutes"], message: `must be later than the previous step's ${previous.afterMinutes}` });
      }
    });
  }).optional(),
});

export type OnCallConfig = z.output<typeof OnCallSchema>;
export type EscalationStep = z.output<typeof EscalationStepSchema>;
