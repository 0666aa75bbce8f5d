import { findAlwaysBlocked, type BlockedFamily } from "./blocked";
import { UnknownServiceError } from "./errors";
import { importClientModule } from "./client-loader";
import { ServiceModel, type ClientModuleLoader } from "./model";
import { findService, SERVICES, serviceNames, type ServiceEntry } from "./services";
import { closestNames } from "./suggest";

export type ServiceLookup = { readonly kind: "service"; readonly model: ServiceModel } | { readonly kind: "blocked"; readonly service: string; readonly block: BlockedFamily };

/**
 * The services Herald knows, each loaded on first use and kept for the life of the process
 * (a Lambda container), so a warm command pays nothing and a cold one loads only its own client.
 * The loader may be asynchronous (an `import()` per service, for a code-split bundle).
 */
export class Catalogue {
  private readonly loaded = new Map<string, Promise<ServiceModel>>();

  constructor(private readonly load: ClientModuleLoader = importClientModule) {}

  services(): readonly ServiceEntry[] {
    return SERVICES;
  }

  /** The service's model, or why it is always blocked; throws UnknownServiceError (with suggestions) otherwise. */
  async lookup(typed: string): Promise<ServiceLookup> {
    const block = findAlwaysBlocked(typed);
    if (block !== undefined) return { kind: "blocked", service: typed, block };
    const entry = findService(typed);
    if (entry === undefined) throw new UnknownServiceError(typed, closestNames(typed, serviceNames()));
    return { kind: "service", model: await this.service(entry) };
  }

  service(entry: ServiceEntry): Promise<ServiceModel> {
    let model = this.loaded.get(entry.cli);
    if (model === undefined) {
      model = Promise.resolve()
        .then(() => this.load(entry))
        .then((module) => new ServiceModel(entry, module));
      // A failed load is not kept: the next command tries again.
      model.catch(() => this.loaded.delete(entry.cli));
      this.loaded.set(entry.cli, model);
    }
    return model;
  }

  /** Services loaded so far (for tests and measurements). */
  loadedServices(): string[] {
    return [...this.loaded.keys()];
  }
}
