import type { ServiceRegistry, ServiceSpec } from "../operation-model";

/**
 * The services Herald can run commands for. Each is a module of its own, imported the first time
 * a command names it, so a cold start evaluates only the SDK clients it uses. Adding a service is
 * one file in ./services and one line here.
 */
const SERVICE_MODULES = {
  sns: () => import("./services/sns"),
  dynamodb: () => import("./services/dynamodb"),
  cloudwatch: () => import("./services/cloudwatch"),
  logs: () => import("./services/logs"),
  lambda: () => import("./services/lambda"),
  sts: () => import("./services/sts"),
} satisfies Record<string, () => Promise<{ readonly service: ServiceSpec }>>;

/** Every service's command name; words an alias cannot take. */
export const SERVICE_NAMES: readonly string[] = Object.freeze(Object.keys(SERVICE_MODULES));

export function createServiceRegistry(): ServiceRegistry {
  const names = SERVICE_NAMES;
  const loaded = new Map<string, Promise<ServiceSpec>>();
  return {
    serviceNames: () => names,
    load(serviceName) {
      // An own-key check: a name such as "constructor" must not reach Object.prototype.
      if (!Object.hasOwn(SERVICE_MODULES, serviceName)) return Promise.resolve(undefined);
      let service = loaded.get(serviceName);
      if (service === undefined) {
        service = SERVICE_MODULES[serviceName as keyof typeof SERVICE_MODULES]().then((module) => module.service);
        // A failed import is not cached, so a transient failure is retried by the next command.
        service.catch(() => loaded.delete(serviceName));
        loaded.set(serviceName, service);
      }
      return service;
    },
  };
}
