import { signedRequestDigest, signSlackRequest, SlackSignatureError, verifySlackSignature, verifySlackSignatureByTeam } from "../../lambdas/shared/slack/signature";

// Slack's official test vector (shared/reference/slack-platform.md).
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const TIMESTAMP = "1531420618";
const BODY =
  "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
const SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
const NOW = Number(TIMESTAMP) + 10;

const request = (overrides: Partial<{ timestamp: string | undefined; signature: string | undefined; rawBody: Buffer }> = {}) => ({
  timestamp: TIMESTAMP,
  signature: SIGNATURE,
  rawBody: Buffer.from(BODY, "utf8"),
  ...overrides,
});

describe("Slack request verification", () => {
  test("Slack's official test vector verifies, and signing reproduces it", () => {
    expect(() => verifySlackSignature(request(), [SECRET], NOW)).not.toThrow();
    expect(signSlackRequest(SECRET, TIMESTAMP, BODY)).toBe(SIGNATURE);
  });

  test("any of several signing secrets (several workspaces or a rotation) may have signed", () => {
    expect(() => verifySlackSignature(request(), ["another-secret", SECRET], NOW)).not.toThrow();
  });

  test.each([
    ["a changed body", request({ rawBody: Buffer.from(`${BODY}x`) }), /does not match/],
    ["a wrong secret", request(), /does not match/],
    ["a missing signature", request({ signature: undefined }), /Missing/],
    ["a missing timestamp", request({ timestamp: undefined }), /Missing/],
    ["a non-numeric timestamp", request({ timestamp: "15314206l8" }), /not a Unix time/],
    ["version v1", request({ signature: SIGNATURE.replace("v0=", "v1=") }), /not a v0 signature/],
    ["a truncated signature", request({ signature: SIGNATURE.slice(0, -2) }), /not a v0 signature/],
    ["upper-case hex", request({ signature: SIGNATURE.toUpperCase().replace("V0=", "v0=") }), /not a v0 signature/],
  ])("rejects %s", (_case, req, message) => {
    const secrets = _case === "a wrong secret" ? ["8f742231b10e8888abcd99yyyzzz85a6"] : [SECRET];
    expect(() => verifySlackSignature(req, secrets, NOW)).toThrow(SlackSignatureError);
    expect(() => verifySlackSignature(req, secrets, NOW)).toThrow(message);
  });

  test("the timestamp must be within 300 s on both sides of now", () => {
    const at = (now: number) => () => verifySlackSignature(request(), [SECRET], now);
    expect(at(Number(TIMESTAMP) + 300)).not.toThrow();
    expect(at(Number(TIMESTAMP) - 300)).not.toThrow();
    expect(at(Number(TIMESTAMP) + 301)).toThrow(/more than 5 minutes/); // stale or replayed
    expect(at(Number(TIMESTAMP) - 301)).toThrow(/more than 5 minutes/); // from the future
  });

  test("refuses to verify with no (or only empty) signing secrets", () => {
    expect(() => verifySlackSignature(request(), [], NOW)).toThrow(/without a signing secret/);
    expect(() => verifySlackSignature(request(), [""], NOW)).toThrow(/without a signing secret/);
  });

  test("a non-ASCII body verifies over its UTF-8 bytes", () => {
    const body = Buffer.from(JSON.stringify({ type: "event_callback", event: { text: "Grüße, 東京 ✓" } }), "utf8");
    const signature = signSlackRequest(SECRET, TIMESTAMP, body);
    expect(() => verifySlackSignature({ timestamp: TIMESTAMP, signature, rawBody: body }, [SECRET], NOW)).not.toThrow();
    // Decoding the bytes as ASCII (what Bolt's AwsLambdaReceiver does) breaks the signature.
    const asciiMangled = Buffer.from(body.toString("ascii"), "utf8");
    expect(() => verifySlackSignature({ timestamp: TIMESTAMP, signature, rawBody: asciiMangled }, [SECRET], NOW)).toThrow(/does not match/);
  });
});

describe("which workspace signed", () => {
  test("names every workspace whose secret signed (several when they share one app's secret), and only those", () => {
    expect([...verifySlackSignatureByTeam(request(), new Map([["T0A", "another-secret"], ["T0B", SECRET]]), NOW)]).toEqual(["T0B"]);
    expect([...verifySlackSignatureByTeam(request(), new Map([["T0A", SECRET], ["T0B", SECRET]]), NOW)]).toEqual(["T0A", "T0B"]);
  });

  test("refuses a request no workspace's secret signed, as the flat check does", () => {
    expect(() => verifySlackSignatureByTeam(request(), new Map([["T0A", "another-secret"]]), NOW)).toThrow(/does not match/);
    expect(() => verifySlackSignatureByTeam(request(), new Map(), NOW)).toThrow(/without a signing secret/);
  });
});

describe("a signed request's digest", () => {
  test("is the same for the same request sent again, and differs when it is signed anew", () => {
    const again = signedRequestDigest(request());
    expect(signedRequestDigest(request())).toBe(again);
    expect(again).toMatch(/^[0-9a-f]{64}$/);
    const later = String(Number(TIMESTAMP) + 3);
    expect(signedRequestDigest(request({ timestamp: later, signature: signSlackRequest(SECRET, later, BODY) }))).not.toBe(again);
  });
});
