import type { ClientModule, ClientModuleLoader } from "./model";

/**
 * Loads a service's SDK client package, on first use only (the catalogue keeps it). As written, Node
 * resolves the package by name: tests, tools and the local runtime. A bundle cannot follow a computed
 * `import()`, so lib/bundling/function-bundle.ts swaps this module for one literal `import()` per
 * service of services.ts, generated at build time: each client becomes a chunk of its own and a
 * command loads only its service's. Adding a service stays one line in services.ts.
 */
export const importClientModule: ClientModuleLoader = (entry) => import(entry.packageName) as Promise<ClientModule>;
