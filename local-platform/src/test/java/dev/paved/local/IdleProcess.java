package dev.paved.local;

/** A JVM that does nothing until it is stopped. */
public final class IdleProcess {

    private IdleProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("idle");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
