/** Messages between the runtime and a function host process (Node IPC, JSON-serialisable). */

export interface SerializedError {
  readonly name: string;
  readonly message: string;
}

export type HostMessage =
  | { readonly type: "ready" }
  | { readonly type: "init-error"; readonly error: SerializedError }
  | { readonly type: "result"; readonly id: string; readonly ok: true; readonly result: unknown }
  | { readonly type: "result"; readonly id: string; readonly ok: false; readonly error: SerializedError };

export type RuntimeMessage = { readonly type: "invoke"; readonly id: string; readonly event: unknown; readonly deadline: number };

export function serializeError(error: unknown): SerializedError {
  return error instanceof Error ? { name: error.name, message: error.message } : { name: "Error", message: String(error) };
}
