package dev.paved.observability.dora;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.observability.config.DoraConfig;
import dev.paved.observability.dora.domain.Dora;
import dev.paved.observability.dora.domain.DoraMetrics;
import dev.paved.observability.dora.domain.DoraWindow;
import dev.paved.observability.environments.ProvisioningEnvironments;

/**
 * A team's DORA metrics over a window that ends now, from its deployment history in provisioning,
 * which decides whether the caller may see it. Without a stage, the configured production stages
 * count; with one, that stage alone.
 */
@ApplicationScoped
public class TeamDora {

    private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private final ProvisioningEnvironments provisioning;
    private final DoraConfig config;

    public TeamDora(ProvisioningEnvironments provisioning, DoraConfig config) {
        this.provisioning = provisioning;
        this.config = config;
    }

    /** What was asked and what it came to. */
    public record Report(String team, String application, List<String> stages, DoraWindow window, Instant start,
            Instant end, DoraMetrics metrics) {
    }

    /** {@code window}, {@code application} and {@code stage} may be empty. */
    public Report metrics(String team, String window, String application, String stage) {
        List<Violation> violations = new ArrayList<>();
        label("team", team, true, violations);
        label("application", application, false, violations);
        label("stage", stage, false, violations);
        if (!violations.isEmpty()) {
            throw new ProblemException(400, "INVALID_DORA_QUERY", "The DORA metrics query is not valid.", violations);
        }
        DoraWindow asked = DoraWindow.parse(window.isEmpty() ? config.defaultWindow() : window, config.maxWindow());
        Instant end = Instant.now();
        Instant start = end.minus(asked.length());
        List<String> stages = stage.isEmpty() ? config.productionStages() : List.of(stage);
        String only = application.isEmpty() ? null : application;
        return new Report(team, only, stages, asked, start, end,
                Dora.compute(provisioning.deploymentHistory(team, start, end, only, stages), start, end));
    }

    private static void label(String parameter, String value, boolean required, List<Violation> violations) {
        if (value.isEmpty() ? required : !DNS_1123_LABEL.matcher(value).matches()) {
            violations.add(Violation.parameter(parameter, "must be a DNS-1123 label, was '" + value + "'"));
        }
    }
}
