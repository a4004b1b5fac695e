package dev.paved.local.simulator;

import java.math.BigDecimal;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** CPU (in cores) and memory (in bytes) that containers ask for and may use. */
record Resources(double cpu, double memory) {

    static final Resources NONE = new Resources(0, 0);

    Resources plus(Resources other) {
        return new Resources(cpu + other.cpu, memory + other.memory);
    }

    /** What the scheduler counts for a pod: its containers' requests (limits where no request is given). */
    static Resources requestsOf(Pod pod) {
        Resources total = NONE;
        for (Container container : pod.getSpec().getContainers()) {
            total = total.plus(requestsOf(container));
        }
        return total;
    }

    static Resources requestsOf(Container container) {
        ResourceRequirements resources = container.getResources();
        if (resources == null) {
            return NONE;
        }
        return new Resources(amount(resources.getRequests(), resources.getLimits(), "cpu"),
                amount(resources.getRequests(), resources.getLimits(), "memory"));
    }

    static Resources limitsOf(Container container) {
        ResourceRequirements resources = container.getResources();
        if (resources == null) {
            return NONE;
        }
        return new Resources(amount(resources.getLimits(), null, "cpu"), amount(resources.getLimits(), null, "memory"));
    }

    private static double amount(Map<String, Quantity> primary, Map<String, Quantity> fallback, String resource) {
        Quantity quantity = primary == null ? null : primary.get(resource);
        if (quantity == null && fallback != null) {
            quantity = fallback.get(resource);
        }
        return quantity == null ? 0 : parse(quantity);
    }

    static double parse(Quantity quantity) {
        try {
            BigDecimal amount = Quantity.getAmountInBytes(quantity);
            return amount.doubleValue();
        } catch (IllegalArgumentException | ArithmeticException unreadable) {
            return 0;
        }
    }
}
