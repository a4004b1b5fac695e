package dev.paved.gateway.api.operations;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.paved.api.provisioning.v1.CancelOperationRequest;
import dev.paved.api.provisioning.v1.ListOperationsRequest;
import dev.paved.api.provisioning.v1.OperationState;
import dev.paved.api.provisioning.v1.OperationType;
import dev.paved.api.provisioning.v1.WatchOperationRequest;
import dev.paved.gateway.api.provisioning.FakeProvisioning;
import dev.paved.gateway.api.provisioning.ProvisioningGatewayTest;
import dev.paved.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class OperationsRestTest extends ProvisioningGatewayTest {

    private static final String TOKEN = TestTokens.user("alice").team("payments").sign();
    private static final String EVENTS = "/api/v1/operations/" + FakeProvisioning.OPERATION_ID + "/events";

    @Test
    void readsAnOperation() {
        given().auth().oauth2(TOKEN).get("/api/v1/operations/" + FakeProvisioning.OPERATION_ID)
                .then().statusCode(200).body("id", equalTo(FakeProvisioning.OPERATION_ID))
                .body("requestedBy", equalTo("alice")).body("deadline", equalTo("2027-01-15T08:15:00Z"));
        assertEquals("Bearer " + TOKEN, FakeProvisioning.LAST_AUTHORIZATION.get());
        given().auth().oauth2(TOKEN).get("/api/v1/operations/" + FakeProvisioning.UNKNOWN_OPERATION_ID)
                .then().statusCode(404).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("OPERATION_NOT_FOUND"));
    }

    @Test
    void listsWithStateAndTypeFilters() {
        given().auth().oauth2(TOKEN).queryParam("state", "running").queryParam("type", "DELETE_ENVIRONMENT")
                .queryParam("environment", "web-dev").get("/api/v1/operations")
                .then().statusCode(200).body("items[0].id", equalTo(FakeProvisioning.OPERATION_ID));
        ListOperationsRequest forwarded = (ListOperationsRequest) FakeProvisioning.LAST_REQUEST.get();
        assertEquals(OperationState.OPERATION_STATE_RUNNING, forwarded.getState());
        assertEquals(OperationType.OPERATION_TYPE_DELETE_ENVIRONMENT, forwarded.getType());
        assertEquals("web-dev", forwarded.getEnvironment());
    }

    @Test
    void rejectsAnUnknownStateFilterWithoutAskingProvisioning() {
        given().auth().oauth2(TOKEN).queryParam("state", "DONE").get("/api/v1/operations")
                .then().statusCode(400).body("code", equalTo("INVALID_FILTER"))
                .body("errors[0].parameter", equalTo("state"));
        given().auth().oauth2(TOKEN).queryParam("type", "UNSPECIFIED").get("/api/v1/operations")
                .then().statusCode(400).body("code", equalTo("INVALID_FILTER"));
        assertNull(FakeProvisioning.LAST_REQUEST.get());
    }

    @Test
    void cancels() {
        given().auth().oauth2(TOKEN).post("/api/v1/operations/" + FakeProvisioning.OPERATION_ID + "/cancel")
                .then().statusCode(200).body("state", equalTo("CANCELLED")).body("cancelRequested", equalTo(true));
        assertEquals(FakeProvisioning.OPERATION_ID,
                ((CancelOperationRequest) FakeProvisioning.LAST_REQUEST.get()).getId());
    }

    @Test
    void streamsEventsAsServerSentEventsUntilTheLast() {
        String stream = given().auth().oauth2(TOKEN).accept("text/event-stream").get(EVENTS)
                .then().statusCode(200).contentType(startsWith("text/event-stream")).extract().asString();

        List<String> ids = stream.lines().filter(line -> line.startsWith("id:")).map(line -> line.substring(3).trim())
                .toList();
        assertEquals(List.of("1", "2", "3"), ids);
        assertTrue(stream.contains("event:step") || stream.contains("event: step"), stream);
        assertTrue(stream.contains("\"operationState\":\"SUCCEEDED\""), stream);
        assertTrue(stream.contains("\"stepState\":\"SUCCEEDED\""), stream);
    }

    @Test
    void resumesAfterTheLastEventId() {
        String stream = given().auth().oauth2(TOKEN).accept("text/event-stream").header("Last-Event-ID", "2")
                .get(EVENTS).then().statusCode(200).extract().asString();
        assertEquals(2, ((WatchOperationRequest) FakeProvisioning.LAST_REQUEST.get()).getAfterSequence());
        assertEquals(List.of("3"), stream.lines().filter(line -> line.startsWith("id:"))
                .map(line -> line.substring(3).trim()).toList());
    }

    @Test
    void answersAProblemInsteadOfAStreamForUnknownOperationsAndBadIds() {
        given().auth().oauth2(TOKEN).accept("text/event-stream")
                .get("/api/v1/operations/" + FakeProvisioning.UNKNOWN_OPERATION_ID + "/events")
                .then().statusCode(404).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("OPERATION_NOT_FOUND"));
        given().auth().oauth2(TOKEN).accept("text/event-stream").header("Last-Event-ID", "yesterday").get(EVENTS)
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("INVALID_LAST_EVENT_ID"));
        given().accept("text/event-stream").get(EVENTS).then().statusCode(401);
    }
}
