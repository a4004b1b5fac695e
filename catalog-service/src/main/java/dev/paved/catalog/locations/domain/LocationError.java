package dev.paved.catalog.locations.domain;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One thing a sync could not take; {@code file} and {@code entityRef} where it concerns one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LocationError(String code, String message, String file, String entityRef) {

    static LocationError of(String code, String message) {
        return new LocationError(code, message, null, null);
    }
}
