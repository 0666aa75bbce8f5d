// The esbuild run behind lib/bundling/function-bundle.ts, in a child process because CDK's local
// bundling is synchronous and esbuild's plugins (used here to swap modules) need its asynchronous API.
// Reads { options, replacements: [{ filter, contents, loader }] } as JSON on stdin; writes the metafile to stdout.
import { readFileSync } from "node:fs";
import { build } from "esbuild";

const { options, replacements } = JSON.parse(readFileSync(0, "utf8"));
const replace = {
  name: "herald-replace-modules",
  setup(builder) {
    for (const { filter, contents, loader } of replacements) {
      builder.onLoad({ filter: new RegExp(filter) }, () => ({ contents, loader }));
    }
  },
};
const result = await build({ ...options, metafile: true, logLevel: "error", plugins: [replace] });
process.stdout.write(JSON.stringify(result.metafile));
