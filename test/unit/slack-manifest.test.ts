import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { buildSlackManifest, main, SlackManifestError, urlsFromBaseUrl, urlsFromCdkOutputs } from "../../scripts/slack-manifest";

const API = "https://abc123defg.execute-api.us-east-1.amazonaws.com/herald";
const URLS = { commands: `${API}/slack/commands`, events: `${API}/slack/events`, interactions: `${API}/slack/interactions` };

/** What `cdk deploy --all --outputs-file cdk-outputs.json` writes for the example config. */
const CDK_OUTPUTS = {
  "Herald-us-east-1": {
    TableName: "herald",
    SlackCommandsUrl: URLS.commands,
    SlackEventsUrl: URLS.events,
    SlackInteractionsUrl: URLS.interactions,
    CommandApiId: "abc123defg",
  },
  "Herald-eu-west-1": { TableName: "herald" },
};

describe("the Slack app manifest", () => {
  const manifest = buildSlackManifest(URLS);

  it("names the app and its bot Herald", () => {
    expect(manifest.display_information.name).toBe("Herald");
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    expect(manifest.features.bot_user.display_name).toMatch(/^[a-z0-9._-]{1,80}$/);
  });

  it("registers /aws at the commands URL with a description and usage hint", () => {
    expect(manifest.features.slash_commands).toEqual([{
      command: "/aws",
      url: URLS.commands,
      description: expect.any(String),
      usage_hint: expect.stringContaining("<service> <operation>"),
      should_escape: false,
    }]);
  });

  it("asks for exactly the bot scopes Herald uses", () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(["app_mentions:read", "channels:history", "chat:write", "chat:write.public", "commands", "groups:history"]);
  });

  it("subscribes to app mentions at the events URL and sends interactivity to the interactions URL", () => {
    expect(manifest.settings).toEqual({
      event_subscriptions: { request_url: URLS.events, bot_events: ["app_mention"] },
      interactivity: { is_enabled: true, request_url: URLS.interactions },
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    });
  });

  it("refuses Request URLs Slack cannot or should not call", () => {
    expect(() => buildSlackManifest({ ...URLS, events: "http://example.com/slack/events" })).toThrow(/events: Slack needs an https URL/);
    expect(() => buildSlackManifest({ ...URLS, commands: "https://user:pw@example.com/slack/commands" })).toThrow(/commands: must not carry credentials/);
    expect(() => buildSlackManifest({ ...URLS, interactions: "not a url" })).toThrow(SlackManifestError);
  });
});

describe("where the URLs come from", () => {
  it("--base-url: the API's address (with or without a trailing slash) plus each route", () => {
    expect(urlsFromBaseUrl(`${API}/`)).toEqual(URLS);
    expect(urlsFromBaseUrl("https://herald.example.com")).toEqual({
      commands: "https://herald.example.com/slack/commands",
      events: "https://herald.example.com/slack/events",
      interactions: "https://herald.example.com/slack/interactions",
    });
    expect(() => urlsFromBaseUrl("http://herald.example.com")).toThrow(/--base-url: Slack needs an https URL/);
  });

  it("--outputs: the one stack of `cdk deploy --outputs-file` that has the Slack URLs", () => {
    expect(urlsFromCdkOutputs(CDK_OUTPUTS)).toEqual(URLS);
    expect(urlsFromCdkOutputs(CDK_OUTPUTS, "Herald-us-east-1")).toEqual(URLS);
  });

  it("--outputs: says what is missing", () => {
    expect(() => urlsFromCdkOutputs({ "Herald-eu-west-1": { TableName: "herald" } })).toThrow(/no stack in the outputs file has SlackCommandsUrl/);
    expect(() => urlsFromCdkOutputs(CDK_OUTPUTS, "Herald-eu-west-1")).toThrow(/stack Herald-eu-west-1 has no SlackCommandsUrl output/);
    expect(() => urlsFromCdkOutputs(CDK_OUTPUTS, "Other")).toThrow(/stack Other is not in the outputs file/);
    expect(() => urlsFromCdkOutputs({ A: CDK_OUTPUTS["Herald-us-east-1"], B: CDK_OUTPUTS["Herald-us-east-1"] })).toThrow(/several stacks have Slack URLs \(A, B\); choose one with --stack/);
    expect(() => urlsFromCdkOutputs([])).toThrow(/not a `cdk deploy --outputs-file` JSON object/);
  });
});

describe("npm run slack-manifest", () => {
  const scratch = mkdtempSync(path.join(tmpdir(), "herald-manifest-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  function run(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = main(argv, (text) => out.push(text), (text) => err.push(text));
    return { code, out: out.join("\n"), err: err.join("\n") };
  }

  it("prints the manifest as JSON from an outputs file", () => {
    const file = path.join(scratch, "cdk-outputs.json");
    writeFileSync(file, JSON.stringify(CDK_OUTPUTS));

    const { code, out, err } = run("--outputs", file);

    expect({ code, err }).toEqual({ code: 0, err: "" });
    expect(JSON.parse(out)).toEqual(buildSlackManifest(URLS));
  });

  it("prefers --base-url over --outputs", () => {
    const { code, out } = run("--outputs", path.join(scratch, "missing.json"), "--base-url", "https://herald.example.com");

    expect(code).toBe(0);
    expect(JSON.parse(out).settings.event_subscriptions.request_url).toBe("https://herald.example.com/slack/events");
  });

  it("fails with a message and usage when it has nothing to go on", () => {
    expect(run()).toMatchObject({ code: 2, out: "", err: expect.stringContaining("Give --outputs <file> or --base-url <url>") });
    expect(run("--outputs", path.join(scratch, "missing.json"))).toMatchObject({ code: 1, err: expect.stringMatching(/^slack-manifest: cannot read .*missing\.json/) });
    expect(run("--bogus")).toMatchObject({ code: 2, err: expect.stringContaining("Usage:") });
  });
});

describe("the README's manifest command line", () => {
  const projectRoot = path.join(__dirname, "..", "..");
  const readme = readFileSync(path.join(projectRoot, "README.md"), "utf8");

  /** The documented commands that write slack-manifest.json, as a user would paste them. */
  const documented = [...readme.matchAll(/^\s*(npm run[^\n]*slack-manifest[^\n]*?)\s*>\s*slack-manifest\.json\s*$/gm)].map((match) => match[1]);

  it("is documented with npm's banner silenced", () => {
    expect(documented).toEqual(["npm run --silent slack-manifest -- --outputs cdk-outputs.json"]);
  });

  it("writes only the manifest to stdout: what it prints parses as JSON", async () => {
    const outputs = path.join(mkdtempSync(path.join(tmpdir(), "herald-readme-")), "cdk-outputs.json");
    writeFileSync(outputs, JSON.stringify(CDK_OUTPUTS));
    const [command] = documented;
    const [program, ...args] = command.replace("cdk-outputs.json", outputs).split(/\s+/);

    const { stdout } = await promisify(execFile)(program, args, { cwd: projectRoot });

    expect(JSON.parse(stdout)).toEqual(buildSlackManifest(URLS));
  }, 60_000);
});
