package dev.paved.catalog.persistence;

/** Fired by the {@link ChangeListener} when the catalog changed or the listener (re)connected or lost its connection. */
public record CatalogSignal(State state, long revision) {

    public enum State {
        /** Listening (again): changes until now may have been missed. */
        CONNECTED,
        /** A writer committed changes up to {@code revision}. */
        CHANGED,
        /** Not listening: changes of other replicas go unnoticed until reconnected. */
        DISCONNECTED
    }
}
