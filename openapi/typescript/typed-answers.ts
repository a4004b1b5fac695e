// Compiled with `tsc --strict --noEmit` against the typescript-fetch SDK that the build generates
// from platform-v1.yaml (TypeScriptSdkTest): each read below has the type the contract promises,
// with no cast, so a contract that loses a type or a required field fails the build.
import {
  CatalogApi,
  CatalogEntityProjection,
  Configuration,
  DeploymentsApi,
  EnvironmentsApi,
  GoldenPathsApi,
  Operation,
  OperationStateEnum,
  OperationsApi,
  RolloutStateEnum,
} from "../target/typescript-sdk";

export async function readTheContractsTypes(basePath: string, token: string): Promise<string[]> {
  const configuration = new Configuration({ basePath, accessToken: token });
  const catalog = new CatalogApi(configuration);
  const environments = new EnvironmentsApi(configuration);
  const operations = new OperationsApi(configuration);

  const entity = await catalog.getCatalogEntity({ kind: "component", namespace: "default", name: "checkout" });
  const name: string = entity.metadata.name;
  const etag: string = entity.metadata.etag;
  const owners: string[] = entity.relations.filter((relation) => relation.type === "ownedBy")
    .map((relation) => relation.targetRef);

  const page = await catalog.listCatalogEntities({ filter: ["kind=component"], limit: 20 });
  const items: CatalogEntityProjection[] = page.items;
  const nextCursor: string | undefined = page.nextCursor;
  const listedNames: (string | undefined)[] = items.map((item) => item.metadata?.name);

  const found = await catalog.getCatalogEntitiesByRefs({
    catalogByRefsRequest: { entityRefs: ["component:default/checkout", "component:default/gone"] },
  });
  const slots: (CatalogEntityProjection | null)[] = found.items;

  const environment = await environments.getEnvironment({ env: "checkout-dev" });
  const namespace: string = environment.namespace;
  const lastReconciledAt: Date | undefined = environment.lastReconciledAt;

  const operation: Operation = await operations.getOperation({ id: environment.lastOperationId ?? "" });
  const state: OperationStateEnum = operation.state;

  return [name, etag, ...owners, nextCursor ?? "last page", ...listedNames.map((listed) => listed ?? "?"),
    String(slots.length), namespace, lastReconciledAt?.toISOString() ?? "never", describe(state)];
}

/** Exhaustive over the contract's states: a state added to the contract fails the compile here. */
function describe(state: OperationStateEnum): string {
  switch (state) {
    case OperationStateEnum.Pending:
    case OperationStateEnum.Running:
      return "under way";
    case OperationStateEnum.Succeeded:
      return "done";
    case OperationStateEnum.Failed:
    case OperationStateEnum.Cancelled:
      return "ended without success";
    default: {
      const unknown: never = state;
      return unknown;
    }
  }
}

/** A deployment's answers as a CI pipeline reads them: the operation to follow, the revision, its rollout. */
export async function readTheDeploymentTypes(basePath: string, token: string): Promise<string[]> {
  const configuration = new Configuration({ basePath, accessToken: token });
  const deployments = new DeploymentsApi(configuration);
  const goldenPaths = new GoldenPathsApi(configuration);

  const deployment = await deployments.deployWorkload({
    env: "checkout-dev",
    workloadSpec: { name: "checkout", image: "ghcr.io/acme/checkout:1.4.2", replicas: 2 },
    dryRun: true,
  });
  const kinds: string[] = (deployment.plan?.manifests ?? []).map((manifest) => manifest.kind);
  const number: number = deployment.revision.number;
  const operationWorkload: string | undefined = deployment.operation.workload;

  const workload = await deployments.getWorkload({ env: "checkout-dev", workload: "checkout" });
  const rollout: RolloutStateEnum | undefined = workload.rollout?.state;

  const version = await goldenPaths.getGoldenPathVersion({ name: "web-service", version: "1.0.0" });
  const schema: { [key: string]: any } | undefined = version.parametersSchema;

  return [...kinds, String(number), operationWorkload ?? "", rollout === undefined ? "none" : settled(rollout),
    Object.keys(schema ?? {}).join(",")];
}

/** Exhaustive over the contract's rollout states. */
function settled(state: RolloutStateEnum): string {
  switch (state) {
    case RolloutStateEnum.Pending:
    case RolloutStateEnum.Progressing:
      return "rolling out";
    case RolloutStateEnum.RolledOut:
      return "rolled out";
    case RolloutStateEnum.Failed:
    case RolloutStateEnum.Superseded:
      return "ended without rolling out";
    default: {
      const unknown: never = state;
      return unknown;
    }
  }
}
