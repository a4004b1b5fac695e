package dev.paved.provisioning.kubernetes;

/** The labels and annotations by which Paved marks, and later recognizes, the objects it manages. */
public final class Labels {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String PAVED = "paved";
    public static final String PART_OF = "app.kubernetes.io/part-of";
    public static final String TEAM = "paved.dev/team";
    public static final String APPLICATION = "paved.dev/application";
    public static final String STAGE = "paved.dev/stage";
    public static final String ENVIRONMENT = "paved.dev/environment";
    public static final String WORKLOAD = "paved.dev/workload";
    public static final String GOLDEN_PATH = "paved.dev/golden-path";
    /** Annotation: the id of the environment an object was created for; what teardown checks before deleting. */
    public static final String ENVIRONMENT_ID = "paved.dev/environment-id";
    public static final String TEAM_REF = "paved.dev/owner";
    public static final String TIER = "paved.dev/tier";

    /** The field manager of every server-side apply. */
    public static final String FIELD_MANAGER = "paved";

    private Labels() {
    }
}
