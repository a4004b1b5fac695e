package dev.paved.catalog.domain;

import java.util.UUID;

/**
 * The outcome for one document of a write: its index in the body, its ref, the action, and the
 * entity's uid, etag and revision afterwards (uid null and revision 0 for what a dry run would create).
 */
public record WriteResult(int index, String ref, WriteAction action, UUID uid, String etag, long revision) {
}
