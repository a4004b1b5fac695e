package dev.paved.catalog.locations.git;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Which addresses are on the public internet: not loopback, private ({@code 10/8}, {@code 172.16/12},
 * {@code 192.168/16}, {@code fc00::/7}), shared ({@code 100.64/10}), link-local (a cloud's metadata
 * endpoint) or multicast. Locations may only make the catalog call those, unless the platform team
 * lists the hosts it may call.
 */
public final class PublicAddresses {

    private PublicAddresses() {
    }

    /** An address of the host that is not public; none for a host that does not resolve (yet). */
    public static Optional<InetAddress> internalAddressOf(String host) {
        try {
            return Arrays.stream(InetAddress.getAllByName(host)).filter(PublicAddresses::isInternal).findFirst();
        } catch (UnknownHostException unresolved) {
            return Optional.empty();
        }
    }

    static boolean isInternal(InetAddress address) {
        byte[] bytes = address.getAddress();
        boolean uniqueLocal = address instanceof Inet6Address && (bytes[0] & 0xFE) == 0xFC;
        boolean sharedAddressSpace = address instanceof Inet4Address && (bytes[0] & 0xFF) == 100
                && (bytes[1] & 0xC0) == 64;
        return address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress() || uniqueLocal || sharedAddressSpace;
    }
}
