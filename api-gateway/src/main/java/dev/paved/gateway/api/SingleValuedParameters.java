package dev.paved.gateway.api;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;

/**
 * Query parameters that take one value are refused when given more than once, on every endpoint,
 * rather than read as their first value: {@code ?limit=5&limit=500} would otherwise answer a page of
 * 5 to a caller who may have meant 500, and {@code ?q=x&q=y} search for x alone. A parameter takes
 * one value when its resource method reads it as one (a {@link QueryParam} that is not a
 * collection); those read as lists ({@code filter}, {@code fields}, …) are repeatable. Backstage's
 * catalog backend refuses its single-valued parameters given twice likewise (400 InputError).
 */
public class SingleValuedParameters {

    /** The single-valued query parameters of each resource method, found once per method. */
    private final Map<Method, Set<String>> singleValued = new ConcurrentHashMap<>();

    @ServerRequestFilter
    public void refuseRepeated(UriInfo uri, ResourceInfo resource) {
        Set<String> names = singleValued.computeIfAbsent(resource.getResourceMethod(),
                SingleValuedParameters::singleValuedOf);
        List<Violation> repeated = new ArrayList<>();
        uri.getQueryParameters().forEach((name, values) -> {
            if (values.size() > 1 && names.contains(name)) {
                repeated.add(violation(name, values.size()));
            }
        });
        if (!repeated.isEmpty()) {
            repeated.sort(Comparator.comparing(Violation::parameter));
            throw refusal(repeated);
        }
    }

    /** The refusal of a parameter given {@code times} times that takes one value. */
    public static ProblemException repeated(String parameter, int times) {
        return refusal(List.of(violation(parameter, times)));
    }

    private static ProblemException refusal(List<Violation> repeated) {
        String names = repeated.stream().map(Violation::parameter).collect(Collectors.joining(", "));
        return new ProblemException(400, "INVALID_PARAMETER", "Each of these parameters takes one value: " + names
                + ".", repeated);
    }

    private static Violation violation(String parameter, int times) {
        return Violation.parameter(parameter, "takes one value, was given " + times + " times");
    }

    private static Set<String> singleValuedOf(Method method) {
        return Arrays.stream(method.getParameters())
                .filter(parameter -> parameter.isAnnotationPresent(QueryParam.class) && !isMultiValued(parameter))
                .map(parameter -> parameter.getAnnotation(QueryParam.class).value())
                .collect(Collectors.toUnmodifiableSet());
    }

    private static boolean isMultiValued(Parameter parameter) {
        return Collection.class.isAssignableFrom(parameter.getType()) || parameter.getType().isArray();
    }
}
