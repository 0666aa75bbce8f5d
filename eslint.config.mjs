import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "cdk.out/", "coverage/", "**/*.js", "**/*.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/ban-ts-comment": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "no-restricted-properties": [
        "error",
        { object: "it", property: "only", message: "No focused tests." },
        { object: "it", property: "skip", message: "No skipped tests." },
        { object: "describe", property: "only", message: "No focused tests." },
        { object: "describe", property: "skip", message: "No skipped tests." },
        { object: "test", property: "only", message: "No focused tests." },
        { object: "test", property: "skip", message: "No skipped tests." },
      ],
      "no-restricted-globals": [
        "error",
        { name: "xit", message: "No skipped tests." },
        { name: "xdescribe", message: "No skipped tests." },
        { name: "fit", message: "No focused tests." },
        { name: "fdescribe", message: "No focused tests." },
      ],
    },
  },
);
