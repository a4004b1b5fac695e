package dev.paved.provisioning.goldenpaths.domain;

import java.util.Arrays;
import java.util.Optional;

/** The kind of the object that runs a golden path's workload, and the catalog's word for it. */
public enum WorkloadKind {

    DEPLOYMENT("Deployment", "service"),
    CRON_JOB("CronJob", "cron-job");

    private final String kind;
    private final String templateType;

    WorkloadKind(String kind, String templateType) {
        this.kind = kind;
        this.templateType = templateType;
    }

    public static Optional<WorkloadKind> of(String kind) {
        return Arrays.stream(values()).filter(value -> value.kind.equals(kind)).findFirst();
    }

    public String kind() {
        return kind;
    }

    /** {@code spec.type} of the golden path's catalog Template. */
    public String templateType() {
        return templateType;
    }
}
