package dev.paved.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An end-to-end test: it runs against the whole platform, started once per test JVM by
 * {@link PlatformExtension}, and receives it as a {@link PlatformUnderTest} parameter of its
 * constructor or test methods.
 *
 * <pre>
 * &#64;EndToEndTest
 * class EnvironmentsIT {
 *     &#64;Test
 *     void createsAnEnvironment(PlatformUnderTest platform) throws ApiException {
 *         ApiClient client = platform.sdk(platform.token(TokenSpec.user("alice").team("payments")));
 *         ...
 *     }
 * }
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(PlatformExtension.class)
public @interface EndToEndTest {
}
