package dev.paved.catalog.locations.git;

/** A repository, ref or file that could not be read; the code is the location error's code. */
public class GitReadFailed extends Exception {

    private final String code;

    public GitReadFailed(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
