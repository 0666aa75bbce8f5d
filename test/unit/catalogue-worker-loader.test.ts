import { CLIENT_MODULES, importClientModule } from "../../lambdas/command-worker/client-modules";
import { Catalogue } from "../../lambdas/shared/commands/catalogue/catalogue";
import { SERVICES } from "../../lambdas/shared/commands/catalogue/services";

/** The worker's client loader: one `import()` per catalogue service, so the bundle carries each and a command loads only its own. */

test("every catalogue service has its client import, and no other", () => {
  expect(Object.keys(CLIENT_MODULES).sort()).toEqual(SERVICES.map((entry) => entry.cli).sort());
  for (const entry of SERVICES) expect(String(CLIENT_MODULES[entry.cli])).toContain(entry.packageName);
});

test("a command's service is the only one the catalogue loads", async () => {
  const catalogue = new Catalogue(importClientModule);
  const lookup = await catalogue.lookup("ecs");
  expect(lookup.kind === "service" && typeof lookup.model.module.ECSClient).toBe("function");
  expect(catalogue.loadedServices()).toEqual(["ecs"]);
});
