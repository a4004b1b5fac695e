package dev.paved.observability.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Log streams: how long one may follow, and how far a slow follower may fall behind. */
@ConfigMapping(prefix = "paved.observability.logs")
public interface LogsConfig {

    /** A follow stream ends after this long; the client follows again if it still wants to. */
    @WithDefault("30M")
    Duration followMaxDuration();

    /**
     * Lines held for a follower that reads slower than the pods write; beyond them the oldest are
     * dropped and a marker line says how many.
     */
    @WithDefault("1000")
    int followBufferLines();
}
