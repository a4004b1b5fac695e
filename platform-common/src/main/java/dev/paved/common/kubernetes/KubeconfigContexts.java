package dev.paved.common.kubernetes;

import java.io.File;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.fabric8.kubernetes.client.Config;

/**
 * The client configuration of a cluster named by a kubeconfig context, for the services that reach
 * several clusters (provisioning and observability).
 */
public final class KubeconfigContexts {

    private KubeconfigContexts() {
    }

    /**
     * {@code context} as {@code kubeconfig} describes it, or as the first of the kubeconfig files
     * fabric8 reads ({@code KUBECONFIG}, else {@code ~/.kube/config}) that holds it, with the
     * service's own client's timeouts. Only the kubeconfig says where a context leads: fabric8's
     * system properties and environment variables ({@code kubernetes.master}, ...) configure the
     * service's own client and would override it. A missing context is refused with
     * {@code missing} (given why), where fabric8 would fall back to the current one: another cluster.
     */
    public static Config configFor(String context, Optional<String> kubeconfig, Config own,
            Function<String, RuntimeException> missing) {
        List<File> kubeconfigs = kubeconfig.map(file -> List.of(new File(file)))
                .orElseGet(() -> Config.getKubeconfigFilenames().stream().map(File::new).filter(File::isFile).toList());
        Config config = kubeconfigs.stream()
                .map(file -> Config.fromKubeconfig(context, file))
                .filter(loaded -> loaded.getCurrentContext() != null
                        && context.equals(loaded.getCurrentContext().getName()))
                .findFirst()
                .orElseThrow(() -> missing.apply("no kubeconfig context '" + context + "' in " + kubeconfigs));
        config.setRequestTimeout(own.getRequestTimeout());
        config.setConnectionTimeout(own.getConnectionTimeout());
        return config;
    }
}
