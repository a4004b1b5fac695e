package dev.paved.provisioning.operations.domain;

import dev.paved.provisioning.domain.ObjectRef;

/**
 * One step of an operation as planned when it is requested. {@code manifest} is JSON: the object to
 * apply or to compare with; a delete needs none, but a dry run's shows the object as Paved applied it.
 */
public record PlannedStep(StepAction action, ObjectRef object, String manifest) {

    public String name() {
        return switch (action) {
            case APPLY -> "apply " + object.display();
            case DELETE -> "delete " + object.display();
            case RECONCILE -> "reconcile " + object.display();
            case PROVISION -> "provision " + object.display();
            case DEPROVISION -> "deprovision " + object.display();
            case AWAIT_ROLLOUT -> "await rollout of " + object.display();
        };
    }
}
