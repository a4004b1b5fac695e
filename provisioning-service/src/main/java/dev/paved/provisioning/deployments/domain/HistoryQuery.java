package dev.paved.provisioning.deployments.domain;

import java.time.Instant;
import java.util.List;

/**
 * Which of a team's revisions a deployment history holds: those created in [since, until), of one
 * application (null: all) and of the given stages (empty: all).
 */
public record HistoryQuery(String team, Instant since, Instant until, String application, List<String> stages) {
}
