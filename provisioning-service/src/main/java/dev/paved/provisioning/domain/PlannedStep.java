package dev.paved.provisioning.domain;

/** One step of an operation as planned when it is requested; {@code manifest} is JSON or null. */
public record PlannedStep(StepAction action, ObjectRef object, String manifest) {

    public String name() {
        return switch (action) {
            case APPLY -> "apply " + object.display();
            case DELETE -> "delete " + object.display();
            case RECONCILE -> "reconcile " + object.display();
        };
    }
}
