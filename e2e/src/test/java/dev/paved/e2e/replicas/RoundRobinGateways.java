package dev.paved.e2e.replicas;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.paved.e2e.PlatformUnderTest;
import dev.paved.sdk.ApiClient;

/**
 * The SDK in front of every gateway, for one caller: each call goes to the next gateway in turn, as
 * behind a round-robin load balancer, or to a chosen one.
 */
final class RoundRobinGateways {

    private final List<ApiClient> clients;
    private final AtomicInteger calls = new AtomicInteger();

    RoundRobinGateways(PlatformUnderTest platform, List<URI> gateways, String token) {
        this.clients = gateways.stream()
                .map(gateway -> platform.sdk(gateway)
                        .setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token)))
                .toList();
    }

    /** The client of the next gateway in turn. */
    ApiClient next() {
        return clients.get(Math.floorMod(calls.getAndIncrement(), clients.size()));
    }

    /** The client of one gateway, counted from 0. */
    ApiClient at(int gateway) {
        return clients.get(gateway);
    }

    int size() {
        return clients.size();
    }
}
