package dev.paved.testing;

import java.time.Duration;
import java.util.Map;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** A config mapping read from the given properties and its defaults, as the service would read it. */
public final class ConfigMappings {

    private ConfigMappings() {
    }

    public static <T> T of(Class<T> mapping, Map<String, String> properties) {
        // Durations such as 5S and sizes such as 1M are written as Quarkus reads them.
        return new SmallRyeConfigBuilder().withMapping(mapping)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withSources(new PropertiesConfigSource(properties, "test"))
                .build().getConfigMapping(mapping);
    }
}
