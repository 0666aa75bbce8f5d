import { readFileSync } from "node:fs";
import * as path from "node:path";
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { addHeraldStacks } from "../../lib/herald-app";
import type { HeraldStack } from "../../lib/herald-stack";

export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");
export const EXAMPLE_CONFIG = path.join(PROJECT_ROOT, "config", "herald.example.json");

/** The feature flags `cdk synth` uses, so tests synthesise what the CLI would. */
const CDK_JSON_CONTEXT: Record<string, unknown> = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "cdk.json"), "utf8")).context;

export interface SynthOptions {
  readonly configPath?: string;
  /** Run esbuild for every function (slow: seconds per function). @default false */
  readonly bundle?: boolean;
  readonly defaultAccount?: string;
  readonly outdir?: string;
}

/** Builds the app the way bin/herald.ts does; `aws:cdk:bundling-stacks: []` skips esbuild. */
export function buildApp(options: SynthOptions = {}): { app: App; stacks: HeraldStack[] } {
  const context = { ...CDK_JSON_CONTEXT, ...(options.bundle ? {} : { "aws:cdk:bundling-stacks": [] }) };
  const app = new App({ context, outdir: options.outdir });
  const stacks = addHeraldStacks(app, { configPath: options.configPath ?? EXAMPLE_CONFIG, defaultAccount: options.defaultAccount });
  return { app, stacks };
}

/** Synthesises the whole app (running cdk-nag) and returns each stack's template by Region. */
export function synthTemplates(options: SynthOptions = {}): Map<string, Template> {
  const { app, stacks } = buildApp(options);
  app.synth();
  return new Map(stacks.map((stack) => [stack.region, Template.fromStack(stack)]));
}
