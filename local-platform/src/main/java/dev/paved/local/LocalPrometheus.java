package dev.paved.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

/**
 * The Prometheus a local platform runs when a {@code prometheus} binary is on the PATH (Debian's
 * {@code prometheus} package): a configuration that scrapes every service's {@code /q/metrics} and
 * the cluster simulator's {@code /metrics}, and the command line that serves it on the platform's
 * Prometheus port with its TSDB in the data directory.
 */
final class LocalPrometheus {

    static final String NAME = "prometheus";
    /** The job of the services' own metrics; each target is labelled with its service. */
    static final String SERVICES_JOB = "paved";
    /** The job of the containers' series, which carry their namespace, pod and container. */
    static final String CLUSTER_JOB = "cluster";
    /** Often, so that a rollout shows in the graphs while a developer watches; a local scrape is cheap. */
    static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(5);
    /** What a local TSDB may grow to before its oldest blocks go. */
    private static final String RETENTION_SIZE = "1GB";

    private LocalPrometheus() {
    }

    /** The first executable {@code prometheus} in the directories of a PATH value. */
    static Optional<Path> findOnPath(String path) {
        return Stream.of(path == null ? new String[0] : path.split(File.pathSeparator))
                .filter(directory -> !directory.isBlank())
                .map(directory -> Path.of(directory, NAME))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * prometheus.yml: the services' metrics (job {@value #SERVICES_JOB}, label {@code service}) and, while
     * the simulator runs, the containers' (job {@value #CLUSTER_JOB}).
     *
     * @param services       each service's base URL, by its name
     * @param clusterMetrics the simulator's exposition URL
     */
    static String configuration(Map<String, URI> services, Optional<URI> clusterMetrics) {
        Map<String, Object> global = new LinkedHashMap<>();
        global.put("scrape_interval", SCRAPE_INTERVAL.toSeconds() + "s");
        global.put("evaluation_interval", SCRAPE_INTERVAL.toSeconds() + "s");
        List<Map<String, Object>> serviceTargets = new ArrayList<>();
        services.forEach((name, url) -> serviceTargets.add(Map.of(
                "targets", List.of(hostAndPort(url)), "labels", Map.of("service", name))));
        List<Map<String, Object>> jobs = new ArrayList<>();
        jobs.add(job(SERVICES_JOB, "/q/metrics", serviceTargets, false));
        clusterMetrics.ifPresent(url -> jobs.add(job(CLUSTER_JOB, url.getPath(),
                List.of(Map.of("targets", List.of(hostAndPort(url)))), true)));
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("global", global);
        configuration.put("scrape_configs", jobs);
        try {
            return new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
                    .writeValueAsString(configuration);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * honorLabels keeps the labels the exposition gives, as for a cluster's kubelets: the containers'
     * series say which namespace, pod and container they are of.
     */
    private static Map<String, Object> job(String name, String metricsPath, List<Map<String, Object>> targets,
            boolean honorLabels) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("job_name", name);
        job.put("metrics_path", metricsPath);
        if (honorLabels) {
            job.put("honor_labels", true);
        }
        job.put("static_configs", targets);
        return job;
    }

    private static String hostAndPort(URI url) {
        return url.getHost() + ":" + url.getPort();
    }

    /** Prometheus on 127.0.0.1:{@code port}, reading {@code configFile}, its TSDB in {@code dataDirectory}. */
    static List<String> command(Path binary, Path configFile, Path dataDirectory, int port) {
        return List.of(binary.toString(),
                "--config.file=" + configFile,
                storageFlag(dataDirectory),
                "--storage.tsdb.retention.size=" + RETENTION_SIZE,
                "--web.listen-address=127.0.0.1:" + port);
    }

    /** The flag that names the TSDB directory; it tells a Prometheus of this data directory apart from others. */
    static String storageFlag(Path dataDirectory) {
        return "--storage.tsdb.path=" + dataDirectory;
    }

    static URI url(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Answers 200 once the TSDB is open and the configuration loaded. */
    static URI readinessUrl(URI url) {
        return url.resolve("/-/ready");
    }
}
