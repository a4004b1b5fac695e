package dev.paved.provisioning.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What the platform team decides about environments: the stages, the size tiers, the clusters and
 * the network around them, and how operations are carried out.
 */
@ConfigMapping(prefix = "paved.provisioning")
public interface ProvisioningConfig {

    /** Stages by name (dev, staging, prod by default). */
    Map<String, Stage> stages();

    /** Size tiers by name. */
    Map<String, Tier> tiers();

    /** The tier of an environment created without one. */
    String defaultTier();

    /** Clusters by name. */
    Map<String, Cluster> clusters();

    /** The cluster of an environment created without one. */
    String defaultCluster();

    /** The namespace of the ingress controller, from which every environment accepts traffic. */
    String ingressNamespace();

    /** Namespaces no environment may take, besides every {@code kube-*} namespace. */
    @WithDefault("default")
    List<String> reservedNamespaces();

    Catalog catalog();

    Operations operations();

    Workers workers();

    Reconciler reconciler();

    interface Stage {

        /** The platform ClusterRole the team's group is bound to in this stage's namespaces. */
        String clusterRole();
    }

    interface Tier {

        /** ResourceQuota {@code spec.hard}: Kubernetes quantities. */
        Quota quota();

        /** LimitRange defaults for each container. */
        Limits limits();

        interface Quota {
            String requestsCpu();

            String requestsMemory();

            String limitsCpu();

            String limitsMemory();

            int pods();
        }

        interface Limits {
            String defaultCpu();

            String defaultMemory();

            String defaultRequestCpu();

            String defaultRequestMemory();
        }
    }

    interface Cluster {

        /**
         * The kubeconfig context that reaches this cluster: its server and credentials come from the
         * kubeconfig alone, never from the {@code kubernetes.*} system properties or environment
         * variables. Without one, the service's own Kubernetes client is used
         * ({@code quarkus.kubernetes-client.*}: in-cluster when running in a pod).
         */
        Optional<String> context();

        /**
         * The kubeconfig file holding the context. When absent, the first file of KUBECONFIG (or
         * ~/.kube/config) that holds it. A context no file holds is refused, not replaced by the
         * current one.
         */
        Optional<String> kubeconfig();
    }

    interface Catalog {

        /** How long the catalog may take to answer whether a team exists. */
        @WithDefault("5S")
        Duration deadline();

        /** How long a team the catalog confirmed is taken to exist without asking again. */
        @WithDefault("60S")
        Duration teamCacheTtl();
    }

    interface Operations {

        /** How long an operation may take, retries included, before it fails. */
        @WithDefault("15M")
        Duration deadline();

        /** The first retry's delay; each further retry doubles it, with jitter. */
        @WithDefault("500MS")
        Duration initialBackoff();

        @WithDefault("30S")
        Duration maxBackoff();
    }

    interface Workers {

        /** Operations this replica carries out at once (0: this replica only accepts requests). */
        @WithDefault("8")
        int concurrency();

        /** How often an idle worker looks for work queued by another replica. */
        @WithDefault("1S")
        Duration pollInterval();
    }

    interface Reconciler {

        /** How often every ready environment is compared with its cluster ({@code off} disables it). */
        @WithDefault("5M")
        String interval();

        /** How long after its last reconciliation an environment is due again. */
        @WithDefault("5M")
        Duration minAge();
    }
}
