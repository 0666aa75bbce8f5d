import fc from "fast-check";
import { Catalogue } from "../../lambdas/shared/commands/catalogue/catalogue";
import { CatalogueError, ShorthandSyntaxError } from "../../lambdas/shared/commands/catalogue/errors";
import { resolveCommand } from "../../lambdas/shared/commands/catalogue/resolve-command";
import { parseShorthand } from "../../lambdas/shared/commands/catalogue/shorthand";

/** Untrusted input never crashes the catalogue: it parses, or it is refused with a CatalogueError. */
const catalogue = new Catalogue();
const shorthandChars = fc.constantFrom(..."ab=,[]{}'\"\\ :-_.x1".split(""));

describe("untrusted command text", () => {
  it("shorthand either parses or is refused with a ShorthandSyntaxError", () => {
    fc.assert(
      fc.property(fc.array(shorthandChars, { maxLength: 40 }).map((chars) => chars.join("")), (text) => {
        try {
          parseShorthand(text);
        } catch (error) {
          expect(error).toBeInstanceOf(ShorthandSyntaxError);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it("refuses __proto__ as a shorthand key", () => {
    expect(() => parseShorthand("__proto__={polluted=yes}")).toThrow(ShorthandSyntaxError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("any words after a real operation resolve or are refused with a CatalogueError", async () => {
    const word = fc.oneof(
      fc.constantFrom("--filters", "--instance-ids", "--dry-run", "--no-dry-run", "--max-items", "--query", "--output", "--cli-input-json", "--max-results", "-x", "--help"),
      fc.array(shorthandChars, { maxLength: 12 }).map((chars) => chars.join("")),
      fc.json(),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(word, { maxLength: 6 }), async (words) => {
        try {
          await resolveCommand(catalogue, ["ec2", "describe-instances", ...words]);
        } catch (error) {
          expect(error).toBeInstanceOf(CatalogueError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
