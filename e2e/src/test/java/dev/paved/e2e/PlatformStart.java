package dev.paved.e2e;

import dev.paved.local.LaunchException;

/**
 * The one attempt of a test JVM to start the platform, kept in JUnit's root store, which closes
 * it after the last test.
 */
final class PlatformStart implements AutoCloseable {

    private final PlatformUnderTest platform;
    private final RuntimeException failure;

    private PlatformStart(PlatformUnderTest platform, RuntimeException failure) {
        this.platform = platform;
        this.failure = failure;
    }

    static PlatformStart attempt() {
        try {
            return new PlatformStart(PlatformUnderTest.start(), null);
        } catch (LaunchException e) {
            String details = e.details().isEmpty() ? "" : "\n  | " + String.join("\n  | ", e.details());
            return new PlatformStart(null, new IllegalStateException("The platform did not start: "
                    + e.getMessage() + details, e));
        } catch (RuntimeException e) {
            return new PlatformStart(null, e);
        }
    }

    PlatformUnderTest platform() {
        if (failure != null) {
            throw failure;
        }
        return platform;
    }

    @Override
    public void close() {
        if (platform != null) {
            platform.close();
        }
    }
}
