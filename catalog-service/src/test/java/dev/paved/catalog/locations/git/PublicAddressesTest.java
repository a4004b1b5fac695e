package dev.paved.catalog.locations.git;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.junit.jupiter.api.Test;

class PublicAddressesTest {

    @Test
    void addressesOfTheCatalogsOwnNetworkAreInternal() throws UnknownHostException {
        for (String address : List.of("127.0.0.1", "::1", "0.0.0.0", "10.1.2.3", "172.16.0.1", "192.168.0.10",
                "169.254.169.254", "fe80::1", "fd00::1", "100.64.0.1", "100.127.255.254", "224.0.0.1")) {
            assertTrue(PublicAddresses.isInternal(InetAddress.getByName(address)), address);
        }
    }

    @Test
    void addressesOnThePublicInternetAreNot() throws UnknownHostException {
        for (String address : List.of("140.82.112.3", "8.8.8.8", "100.63.255.255", "100.128.0.1", "172.32.0.1",
                "2606:4700:4700::1111", "2a00:1450:4001::200e")) {
            assertFalse(PublicAddresses.isInternal(InetAddress.getByName(address)), address);
        }
    }
}
