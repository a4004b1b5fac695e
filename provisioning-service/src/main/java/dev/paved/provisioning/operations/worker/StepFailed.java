package dev.paved.provisioning.operations.worker;

/** A step that cannot succeed, however often it is tried; the operation fails with this problem. */
public class StepFailed extends RuntimeException {

    private final int status;
    private final String code;

    public StepFailed(int status, String code, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
