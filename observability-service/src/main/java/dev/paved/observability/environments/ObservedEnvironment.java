package dev.paved.observability.environments;

/** An environment as provisioning-service describes it to the caller: where its workloads run. */
public record ObservedEnvironment(String name, String team, String cluster, String namespace) {
}
