#!/usr/bin/env node
// `npx herald …` from a clone: runs the TypeScript CLI (local/cli.ts) through tsx, no build step.
require("tsx/cjs");
require("./cli.ts");
