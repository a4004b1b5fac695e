package dev.paved.provisioning.deployments.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How deployments are checked, rendered, promoted and followed. */
@ConfigMapping(prefix = "paved.provisioning.deployments")
public interface DeploymentsConfig {

    /** The order a promotion follows, first to last. */
    @WithDefault("dev,staging,prod")
    List<String> stageOrder();

    /** Whether a promotion may name a stage after the next one. */
    @WithDefault("false")
    boolean allowSkippingStages();

    /** Stages where deploying may need a role beyond team membership. */
    @WithDefault("prod")
    List<String> protectedStages();

    /** The role a caller needs to deploy into a protected stage (platform admins always may); none: team members may. */
    Optional<String> protectedStageRole();

    Guardrails guardrails();

    Rendering rendering();

    /** How often the rollouts under way are looked at. */
    @WithDefault("2S")
    Duration rolloutPollInterval();

    /** How often an operation that waits for its rollout looks again. */
    @WithDefault("1S")
    Duration rolloutWaitInterval();

    interface Guardrails {

        /** Registries images may come from (host, or host:port). */
        @WithDefault("registry.example.com,ghcr.io,docker.io,quay.io")
        List<String> allowedRegistries();

        /** Stages that take only images by digest or by an immutable version tag. */
        @WithDefault("prod")
        List<String> immutableImageStages();

        @WithDefault("0")
        int minReplicas();

        @WithDefault("20")
        int maxReplicas();

        @WithDefault("true")
        boolean requireProbesForWebService();

        @WithDefault("true")
        boolean requireRequestsAndLimits();

        /** Resource types a stage allows; a stage not named allows every built-in type. */
        Map<String, List<String>> resourceTypes();
    }

    interface Rendering {

        /** Host of a `route` without a host of its own. */
        @WithDefault("{workload}.{environment}.apps.localtest.me")
        String routeDomain();

        /** Host a `dns` resource hands out. */
        @WithDefault("{workload}.{environment}.svc.localtest.me")
        String dnsDomain();

        @WithDefault("topology.kubernetes.io/zone")
        String zoneTopologyKey();
    }
}
