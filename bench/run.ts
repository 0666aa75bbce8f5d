import { measureForwarderBundle } from "./bundle";
import { measureCommandColdStarts } from "./command-bundles";
import { measureInProcess, measureOverHttp } from "./commands";
import { measurePrivacyErasure } from "./privacy";
import { measureStorm } from "./storm";
import { corpusSize, measureRenderThroughput, measureRenderThroughputByFamily } from "./render";

// The SDK's notice about this machine's Node version is not part of any measurement.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

/** `npm run bench`: each target next to its baseline, measured in the same run. */
async function main() {
  console.log(`\nRender throughput over the SNS fixture corpus (${corpusSize()} fixtures, ~2 s each)\n`);
  const render = measureRenderThroughput();
  const baseline = render[0].perSecond;
  printTable(["case", "notifications/s", "vs baseline"], render.map((r) => [r.label, fmt(r.perSecond, 0), `${(r.perSecond / baseline).toFixed(3)}x`]));

  console.log("\nRender throughput per event family (~0.25 s each; baseline = JSON.stringify of the same messages)\n");
  printTable(
    ["family", "fixtures", "baseline/s", "render/s", "vs baseline", "render + Slack/s", "vs baseline"],
    measureRenderThroughputByFamily().map((f) => [
      f.family, String(f.fixtures), fmt(f.baseline.perSecond, 0),
      fmt(f.render.perSecond, 0), `${(f.render.perSecond / f.baseline.perSecond).toFixed(3)}x`,
      fmt(f.renderAndAdapt.perSecond, 0), `${(f.renderAndAdapt.perSecond / f.baseline.perSecond).toFixed(3)}x`,
    ]),
  );

  console.log("\nForwarder bundle (esbuild, as deployed) and module load time (fresh node per sample, 15 samples)\n");
  const bundles = await measureForwarderBundle();
  const empty = bundles[0];
  printTable(
    ["bundle", "size (KiB)", "load median (ms)", "load p90 (ms)", "load vs baseline (ms)"],
    bundles.map((b) => [b.label, fmt(b.bytes / 1024, 1), fmt(b.loadMsMedian, 2), fmt(b.loadMsP90, 2), `+${fmt(b.loadMsMedian - empty.loadMsMedian, 2)}`]),
  );

  console.log("\nCommand cold starts (issue 14's budget: command bundle ≤ 1.3×, worker load + first command ≤ 2× the DynamoDB-only handler; esbuild CJS as deployed, fresh node per sample, 9 samples)\n");
  const coldStarts = await measureCommandColdStarts();
  const dynamoOnly = coldStarts[0];
  printTable(
    ["bundle", "size (KiB)", "size vs baseline", "load (+ first call) median (ms)", "vs baseline"],
    coldStarts.map((r) => [r.label, fmt(r.bytes / 1024, 1), `${(r.bytes / dynamoOnly.bytes).toFixed(2)}x`, fmt(r.medianMs, 1), `${(r.medianMs / dynamoOnly.medianMs).toFixed(2)}x`]),
  );

  for (const [title, rows] of [
    ["Slack command acknowledgement latency, in-process (500 samples each)", await measureInProcess()],
    ["Slack command acknowledgement latency, over local HTTP (300 samples each)", await measureOverHttp()],
  ] as const) {
    console.log(`\n${title}\n`);
    printTable(["case", "p50 (ms)", "p99 (ms)"], rows.map((r) => [r.label, fmt(r.p50, 3), fmt(r.p99, 3)]));
  }

  console.log("\nPrivacy erasure: 100,000 user-data items over 3 Regions on one DynamoDB Local (50k/30k/20k)\n");
  const privacy = await measurePrivacyErasure((line) => console.log(line));
  console.log("");
  printTable(["case", "items", "wall time (s)", "items/s"], privacy.throughput.map((r) => [r.label, fmt(r.items, 0), fmt(r.seconds, 2), fmt(r.perSecond, 0)]));
  console.log("\nPer Region inside the engine run (Regions share one DynamoDB Local here, so they also share its CPU)\n");
  printTable(["Region", "items", "time (s)"], privacy.headlineRegions.map((r) => [r.label, fmt(r.items, 0), fmt(r.seconds, 2)]));
  console.log("\nRegions in parallel vs one after another, each request delayed by the home Region's round trip to that Region\n");
  printTable(["case", "items", "wall time (s)"], privacy.parallel.map((r) => [r.label, fmt(r.items, 0), fmt(r.seconds, 2)]));

  console.log("\nStorm: 1,000 notifications to one channel within 10 s + 1/s to a second, Slack stand-in at 1 msg/s per channel (429 + Retry-After)\n");
  const storm = await measureStorm((line) => console.log(line));
  console.log("");
  printTable(
    ["forwarder", "all 1,000 accounted for (s)", "accounted in window", "window (s)", "projected total (s)", "messages to storm channel", "digests", "429s received", "requests in Retry-After window", "2nd channel latency p50 / max (ms)"],
    storm.map((r) => [
      r.label, r.allAccountedSeconds === undefined ? "not within window" : fmt(r.allAccountedSeconds, 1), `${fmt(r.accounted, 0)} / 1,000`, fmt(r.windowSeconds, 1),
      Number.isFinite(r.projectedSeconds) ? fmt(r.projectedSeconds, 0) : "∞", fmt(r.messagesPosted, 0), fmt(r.digests, 0), fmt(r.rateLimited, 0), fmt(r.retryAfterViolations, 0),
      `${fmt(r.trickleP50Ms, 0)} / ${fmt(r.trickleMaxMs, 0)} (${r.trickleCount})`,
    ]),
  );
}

function fmt(value: number, digits: number): string {
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? `:${"-".repeat(w + 1)}` : `${"-".repeat(w + 1)}:`)).join("|")}|`);
  rows.forEach((r) => console.log(line(r)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
