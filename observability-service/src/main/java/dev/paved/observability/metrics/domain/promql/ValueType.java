package dev.paved.observability.metrics.domain.promql;

/** The four types a PromQL expression evaluates to. */
public enum ValueType {
    SCALAR("scalar"),
    INSTANT_VECTOR("instant vector"),
    RANGE_VECTOR("range vector"),
    STRING("string");

    private final String documentedName;

    ValueType(String documentedName) {
        this.documentedName = documentedName;
    }

    /** The name the PromQL reference uses, for error messages. */
    public String documentedName() {
        return documentedName;
    }
}
