package dev.paved.testing.contract;

import java.net.URI;

import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/** A REST Assured filter that holds every answer against the contract before the test sees it. */
public final class ContractCheckingFilter implements Filter {

    private final OpenApiContract contract;

    public ContractCheckingFilter(OpenApiContract contract) {
        this.contract = contract;
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification expectations,
            FilterContext context) {
        Response response = context.next(request, expectations);
        contract.check(request.getMethod(), URI.create(request.getURI()), response.getStatusCode(),
                response.getContentType(), response.asByteArray());
        return response;
    }
}
