package dev.paved.local;

import java.util.List;

/**
 * The platform could not start. The message is the one-line reason; the details, such as the last
 * lines of a service's log, say more for whoever looks.
 */
public class LaunchException extends RuntimeException {

    private final List<String> details;

    public LaunchException(String reason) {
        this(reason, List.of(), null);
    }

    public LaunchException(String reason, List<String> details) {
        this(reason, details, null);
    }

    public LaunchException(String reason, Throwable cause) {
        this(reason, List.of(), cause);
    }

    private LaunchException(String reason, List<String> details, Throwable cause) {
        super(reason, cause);
        this.details = List.copyOf(details);
    }

    public List<String> details() {
        return details;
    }
}
