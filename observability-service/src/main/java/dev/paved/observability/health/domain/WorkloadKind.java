package dev.paved.observability.health.domain;

/** The kinds of object that are workloads of an environment, in the order a name is looked up. */
public enum WorkloadKind {

    DEPLOYMENT("Deployment"),
    STATEFUL_SET("StatefulSet"),
    CRON_JOB("CronJob");

    private final String kind;

    WorkloadKind(String kind) {
        this.kind = kind;
    }

    /** The Kubernetes kind: {@code Deployment}, {@code StatefulSet}, {@code CronJob}. */
    public String kind() {
        return kind;
    }
}
