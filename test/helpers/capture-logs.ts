/**
 * Captures everything written to stdout and stderr during each test (Powertools' JSON logger
 * writes INFO to stdout and ERROR to stderr), so a test can assert what was — and was not — logged.
 * Call once at the top of a test file; `lines` holds the current test's output.
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
  afterEach(() => jest.restoreAllMocks());
  return captured;
}
