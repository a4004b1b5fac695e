package dev.paved.catalog.locations.domain;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.paved.catalog.locations.config.LocationsConfig;
import dev.paved.catalog.locations.git.PublicAddresses;

/**
 * What the platform team lets locations read: {@code file://} repositories only under the configured
 * roots (none by default, since they are the catalog's own disk), {@code https} hosts from the
 * configured list when there is one. Without a list, any host whose addresses are all public: a
 * location must not make the catalog call services of its own network (a cloud's metadata endpoint,
 * an admin port on localhost), which a host of the list may still be. The check runs at registration
 * and before every sync, so a host that came to resolve inside since is refused then too; the Git
 * client checks again at every connection it opens (GitRepositories).
 */
@ApplicationScoped
public class AllowedTargets {

    private final LocationsConfig config;

    public AllowedTargets(LocationsConfig config) {
        this.config = config;
    }

    public void check(LocationTarget target) throws LocationTarget.InvalidTarget {
        if (target.isFile()) {
            List<Path> roots = config.fileRoots().orElse(List.of());
            if (roots.isEmpty()) {
                throw new LocationTarget.UnsupportedScheme("uses file://, which this catalog does not read");
            }
            Path repository = Path.of(target.repository().substring("file://".length())).toAbsolutePath().normalize();
            if (roots.stream().map(root -> root.toAbsolutePath().normalize()).noneMatch(repository::startsWith)) {
                throw new LocationTarget.InvalidTarget("names a repository outside the directories this catalog reads");
            }
            return;
        }
        List<String> hosts = config.allowedHosts().orElse(List.of());
        if (hosts.isEmpty()) {
            Optional<InetAddress> internal = PublicAddresses.internalAddressOf(target.host());
            if (internal.isPresent()) {
                throw new LocationTarget.InvalidTarget("names host " + target.host() + ", whose address "
                        + internal.get().getHostAddress() + " is not public; the catalog reads such a host only when "
                        + "paved.catalog.locations.allowed-hosts lists it");
            }
        } else if (hosts.stream().noneMatch(host -> host.toLowerCase(Locale.ROOT).equals(target.host()))) {
            throw new LocationTarget.InvalidTarget("names host " + target.host() + ", which this catalog does not read");
        }
    }
}
