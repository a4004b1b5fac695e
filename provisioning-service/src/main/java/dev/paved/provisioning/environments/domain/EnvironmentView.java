package dev.paved.provisioning.environments.domain;

import java.util.List;

/** An environment with its most recent drift, read in one transaction. */
public record EnvironmentView(Environment environment, List<Drift> drift) {

    public static final int DRIFT_SHOWN = 20;
}
