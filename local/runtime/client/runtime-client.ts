import type { RuntimeState } from "../state";

/** Where the CLI finds a running `npm start`: HERALD_URL, else 127.0.0.1 on HERALD_PORT (3000). */
export function runtimeUrl(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env.HERALD_URL?.trim();
  if (explicit) return explicit.replace(/\/+$/, "");
  return `http://127.0.0.1:${env.HERALD_PORT?.trim() || "3000"}`;
}

export class RuntimeUnreachableError extends Error {
  constructor(url: string, cause: unknown) {
    super(`No Herald runtime answers at ${url}. Start it with \`npm start\` (or point the CLI at it with HERALD_URL or HERALD_PORT).`, { cause });
    this.name = "RuntimeUnreachableError";
  }
}

/** GETs a JSON endpoint of the runtime. */
export async function getJson<T>(baseUrl: string, path: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${path}`);
  } catch (error) {
    throw new RuntimeUnreachableError(baseUrl, error);
  }
  if (!response.ok) throw new Error(`${baseUrl}${path} answered HTTP ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

export function fetchState(baseUrl: string): Promise<RuntimeState> {
  return getJson<RuntimeState>(baseUrl, "/api/state");
}
