package dev.paved.local;

/** A service that cannot start, and says why in its log. */
public final class CrashingService {

    private CrashingService() {
    }

    public static void main(String[] args) {
        System.out.println("starting");
        System.out.println("the datasource is unreachable");
        System.exit(3);
    }
}
