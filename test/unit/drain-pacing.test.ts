/** The drainer's decisions as pure functions: when to post, what to post, how long to back off. */
import { ChatDeliveryError } from "../../lambdas/shared/errors";
import { afterPost, decideOnFailure, DEFAULT_DRAIN_OPTIONS as OPTIONS, nextPostTime, planBatch, type Waiting } from "../../lambdas/shared/forwarding/pacing";

const idle = { nextPostAt: 0, blockedUntil: 0, failures: 0 };
const waiting = (...keys: Array<string | undefined>): Waiting<string>[] => keys.map((threadKey, n) => ({ item: `item-${n}`, threadKey }));

describe("pacing", () => {
  test("one post per pace interval, and never before a Retry-After ends", () => {
    const paced = afterPost({ ...idle, failures: 3 }, 10_000, OPTIONS);
    expect(paced).toEqual({ nextPostAt: 11_000, blockedUntil: 0, failures: 0 });
    expect(nextPostTime({ ...paced, blockedUntil: 15_000 })).toBe(15_000);
    expect(nextPostTime({ ...paced, blockedUntil: 500 })).toBe(11_000);
  });

  test("429: blocked for Retry-After (at least one pace interval)", () => {
    const rateLimited = new ChatDeliveryError("slow down", "ratelimited", true, { retryAfterMs: 30_000 });
    expect(decideOnFailure(rateLimited, idle, 1_000, OPTIONS)).toEqual({ kind: "rate-limited", retryAfterMs: 30_000, state: { ...idle, blockedUntil: 31_000 } });
    const zero = new ChatDeliveryError("slow down", "ratelimited", true, { retryAfterMs: 0 });
    expect(decideOnFailure(zero, idle, 1_000, OPTIONS).state.blockedUntil).toBe(2_000);
  });

  test("transient errors back off exponentially up to a cap; the streak ends with a post", () => {
    const error = new ChatDeliveryError("down", "http_503", true);
    let state = idle;
    const waits: number[] = [];
    for (let i = 0; i < 10; i++) {
      const decision = decideOnFailure(error, state, 0, OPTIONS);
      expect(decision.kind).toBe("transient");
      waits.push(decision.state.blockedUntil);
      state = decision.state;
    }
    expect(waits.slice(0, 4)).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(waits[9]).toBe(OPTIONS.maxTransientBackoffMs);
    expect(afterPost(state, 0, OPTIONS).failures).toBe(0);
  });

  test("a channel Slack refuses backs off for minutes; a message Slack refuses keeps the pace", () => {
    expect(decideOnFailure(new ChatDeliveryError("no", "channel_not_found", false), idle, 0, OPTIONS)).toMatchObject({ kind: "channel-unreachable", state: { blockedUntil: 300_000 } });
    expect(decideOnFailure(new ChatDeliveryError("no", "invalid_auth", false), idle, 0, OPTIONS).kind).toBe("channel-unreachable");
    expect(decideOnFailure(new ChatDeliveryError("no", "invalid_blocks", false), idle, 0, OPTIONS)).toEqual({ kind: "item-rejected", state: { ...idle, nextPostAt: 1_000 } });
  });
});

describe("what to post next", () => {
  const noThreads = new Map<string, string>();

  test("below the threshold: the oldest alone", () => {
    expect(planBatch(waiting(undefined, undefined, undefined), 3, noThreads, OPTIONS)).toEqual({ kind: "single", item: "item-0" });
    expect(planBatch([], 0, noThreads, OPTIONS)).toBeUndefined();
  });

  test("at the threshold: one digest of the oldest, at most maxDigestItems", () => {
    expect(planBatch(waiting(undefined, undefined, undefined, undefined), 4, noThreads, OPTIONS)).toEqual({ kind: "digest", items: ["item-0", "item-1", "item-2", "item-3"] });
    const many = waiting(...Array.from({ length: 60 }, () => undefined));
    const plan = planBatch(many, 1_000, noThreads, { ...OPTIONS, maxDigestItems: 40 });
    expect(plan?.kind === "digest" && plan.items.length).toBe(40);
  });

  test("the oldest in an open thread: one reply covering that thread's waiting items; the others wait their turn", () => {
    const open = new Map([["alarm:x", "111.1"]]);
    expect(planBatch(waiting("alarm:x", undefined, "alarm:x", "alarm:y"), 4, open, OPTIONS)).toEqual({ kind: "thread-digest", threadKey: "alarm:x", parentId: "111.1", items: ["item-0", "item-2"] });
    // A lone item of an open thread is an ordinary threaded reply.
    expect(planBatch(waiting("alarm:x", undefined, undefined, undefined), 4, open, OPTIONS)).toEqual({ kind: "single", item: "item-0" });
  });

  test("items of open threads stay out of the top-level digest; threads not open yet are listed in it", () => {
    const open = new Map([["alarm:x", "111.1"]]);
    expect(planBatch(waiting(undefined, "alarm:x", "alarm:new", undefined), 4, open, OPTIONS)).toEqual({ kind: "digest", items: ["item-0", "item-2", "item-3"] });
  });
});
