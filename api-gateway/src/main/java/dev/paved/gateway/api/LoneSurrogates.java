package dev.paved.gateway.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.UnstorableCharacters;
import dev.paved.common.problem.Violation;

/**
 * Refuses a JSON body with a string value that holds a lone UTF-16 surrogate (a JSON
 * {@code "\ud800"} without its pair), pointing at each. The gateway reads such a body into Java
 * strings and passes them on over gRPC, whose protobuf strings are UTF-8: the surrogate would arrive
 * as {@code ?}, which the service behind would store or act on without knowing. Every body the gateway
 * reads as JSON is checked here, before its reader runs; a body passed on as text (an entity or a
 * workload spec) is not, since the service behind reads it and refuses the surrogate itself. Field
 * names need no check: Jackson's parser refuses a lone surrogate in one as malformed JSON.
 */
@Provider
public class LoneSurrogates implements ReaderInterceptor {

    private final JsonFactory json;

    public LoneSurrogates(ObjectMapper mapper) {
        this.json = mapper.getFactory();
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (context.getType() == String.class || !isJson(context.getMediaType())) {
            return context.proceed();
        }
        byte[] body = context.getInputStream().readAllBytes();
        List<Violation> found = in(body);
        if (!found.isEmpty()) {
            throw new ProblemException(400, "INVALID_JSON", "The request body holds a lone UTF-16 surrogate, which "
                    + "is no character and cannot be passed on.", found);
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }

    private static boolean isJson(MediaType type) {
        return type != null && (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"));
    }

    /** Every string value of the body that holds one; none for a body that is not JSON, which its reader reports. */
    private List<Violation> in(byte[] body) throws IOException {
        List<Violation> found = new ArrayList<>();
        try (JsonParser parser = json.createParser(body)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                String refusal = token == JsonToken.VALUE_STRING
                        ? UnstorableCharacters.loneSurrogateRefusal(parser.getText()) : null;
                if (refusal != null) {
                    found.add(Violation.at(parser.getParsingContext().pathAsPointer().toString(), refusal));
                }
            }
        } catch (JsonProcessingException unreadable) {
            return List.of();
        }
        return found;
    }
}
