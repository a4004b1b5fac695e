package dev.paved.observability.health.domain;

import java.util.Objects;

/** A workload of an environment: its kind and its name in the environment's namespace. */
public record WorkloadRef(WorkloadKind kind, String name) {

    public WorkloadRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    public static WorkloadRef deployment(String name) {
        return new WorkloadRef(WorkloadKind.DEPLOYMENT, name);
    }

    public static WorkloadRef statefulSet(String name) {
        return new WorkloadRef(WorkloadKind.STATEFUL_SET, name);
    }

    public static WorkloadRef cronJob(String name) {
        return new WorkloadRef(WorkloadKind.CRON_JOB, name);
    }

    /** {@code Kind/name}, as reasons name objects. */
    public String object() {
        return kind.kind() + "/" + name;
    }
}
