package dev.paved.testing.contract;

import java.nio.file.Path;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;

/**
 * Before each {@code @QuarkusTest} of a module whose build names the contract (the system property
 * {@value #CONTRACT_PROPERTY}), makes REST Assured hold every answer against it. Registered as a
 * service, so no test has to ask for it; it runs in the class loader of the test, whose REST
 * Assured it configures.
 */
public class QuarkusTestContractCheck implements QuarkusTestBeforeEachCallback {

    public static final String CONTRACT_PROPERTY = "paved.openapi.contract";

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        String contract = System.getProperty(CONTRACT_PROPERTY);
        if (contract == null || contract.isBlank()) {
            return;
        }
        if (RestAssured.filters().stream().noneMatch(ContractCheckingFilter.class::isInstance)) {
            RestAssured.filters(new ContractCheckingFilter(OpenApiContract.of(Path.of(contract))));
        }
    }
}
