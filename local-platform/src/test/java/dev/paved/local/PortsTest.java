package dev.paved.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;

import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void defaultsAreTheDocumentedPorts() {
        assertEquals(new Ports(8080, 8081, 8082, 8083, 8090, 8091, 5433, 8092), Ports.defaults());
    }

    @Test
    void shiftedToMovesEveryPortByTheSameAmount() {
        assertEquals(new Ports(9080, 9081, 9082, 9083, 9090, 9091, 6433, 9092), Ports.shiftedTo(9080));
    }

    @Test
    void shiftedToRefusesALayoutOutsideTheUnprivilegedRange() {
        IllegalArgumentException tooLow = assertThrows(IllegalArgumentException.class, () -> Ports.shiftedTo(3000));
        assertTrue(tooLow.getMessage().contains("PostgreSQL on port 353"), tooLow.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ports.shiftedTo(65530));
    }

    @Test
    void freePortsAreEightDistinctPorts() throws IOException {
        assertEquals(8, new HashSet<>(Ports.free().byOwner().values()).size());
    }

    @Test
    void aListeningPortIsNotFree() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertFalse(Ports.isFree(taken.getLocalPort()));
        }
    }
}
