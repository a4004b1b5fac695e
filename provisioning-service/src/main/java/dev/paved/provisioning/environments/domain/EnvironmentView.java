package dev.paved.provisioning.environments.domain;

import java.util.List;

import dev.paved.provisioning.environments.persistence.DriftEntity;
import dev.paved.provisioning.environments.persistence.EnvironmentEntity;

/** An environment with its most recent drift, read in one transaction. */
public record EnvironmentView(EnvironmentEntity environment, List<DriftEntity> drift) {

    static final int DRIFT_SHOWN = 20;

    public static EnvironmentView of(EnvironmentEntity environment) {
        return new EnvironmentView(environment, environment.recentDrift(DRIFT_SHOWN));
    }
}
