#!/usr/bin/env node
import { App } from "aws-cdk-lib";
import { HeraldConfigError } from "../lambdas/shared/errors";
import { addHeraldStacks, resolveConfigPath } from "../lib/herald-app";

const app = new App();
try {
  addHeraldStacks(app, { configPath: resolveConfigPath(app), defaultAccount: process.env.CDK_DEFAULT_ACCOUNT });
} catch (error) {
  if (!(error instanceof HeraldConfigError)) throw error;
  // The message names every bad field; a stack trace would only bury it.
  console.error(error.message);
  process.exit(1);
}
