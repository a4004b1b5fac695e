package dev.paved.e2e;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the {@link PlatformUnderTest}: started the first time a test asks for it, shared by
 * every test class of the JVM, and stopped when the JVM's tests are done. When it cannot start,
 * every test that needs it fails with the reason, without trying again.
 */
public class PlatformExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
            .create(PlatformExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PlatformUnderTest.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(PlatformStart.class, key -> PlatformStart.attempt(), PlatformStart.class)
                .platform();
    }
}
