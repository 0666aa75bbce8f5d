import { knownSecretsIn } from "./test-secrets";

/**
 * Captures everything written to stdout and stderr during each test (Powertools' JSON logger
 * writes INFO to stdout and ERROR to stderr), so a test can assert what was — and was not — logged.
 * Call once at the top of a test file; `lines` holds the current test's output.
 *
 * Every test that captures logs also proves no secret was logged: a captured line that contains
 * one of the secrets tests hand to Herald (test-secrets.ts) fails the test, naming the secret.
 */
export function captureLogsPerTest(): { readonly lines: string[]; text(): string } {
  const captured = { lines: [] as string[], text: () => captured.lines.join("") };
  beforeEach(() => {
    captured.lines.length = 0;
    for (const stream of [process.stdout, process.stderr]) {
      jest.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array) => {
        captured.lines.push(String(chunk));
        return true;
      });
    }
  });
  afterEach(() => {
    jest.restoreAllMocks();
    assertNoSecretLogged(captured.lines);
  });
  return captured;
}

/** Throws when the captured output contains a known test secret. */
export function assertNoSecretLogged(lines: readonly string[]): void {
  const leaked = knownSecretsIn(lines.join(""));
  if (leaked.length > 0) throw new Error(`A secret was logged during this test: ${leaked.join(" and ")}`);
}
