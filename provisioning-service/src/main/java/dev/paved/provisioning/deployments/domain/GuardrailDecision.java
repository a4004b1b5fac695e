package dev.paved.provisioning.deployments.domain;

/** What one guardrail decided: passed, or denied with a pointer into the submitted document. */
public record GuardrailDecision(String guardrail, boolean passed, String detail, String pointer) {

    static GuardrailDecision pass(String guardrail, String detail) {
        return new GuardrailDecision(guardrail, true, detail, null);
    }

    static GuardrailDecision deny(String guardrail, String detail, String pointer) {
        return new GuardrailDecision(guardrail, false, detail, pointer);
    }
}
