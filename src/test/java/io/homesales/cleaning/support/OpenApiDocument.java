package io.homesales.cleaning.support;

import static io.homesales.cleaning.support.TestDatabase.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The API's OpenAPI document, as shipped in the jar, and a validator of real answers against it. */
public final class OpenApiDocument {

  private final ResponseValidator validator;

  private OpenApiDocument(Vertx vertx, JsonObject document) {
    this.validator = ResponseValidator.create(vertx, await(OpenAPIContract.from(vertx, document)));
  }

  public static OpenApiDocument load(Vertx vertx) {
    try (InputStream in = OpenApiDocument.class.getClassLoader()
        .getResourceAsStream("io/homesales/cleaning/http/openapi.json")) {
      return new OpenApiDocument(vertx, new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Fails (with the validator's words) unless the answer is what the document says the operation answers. */
  public Http.Answer check(Http.Answer answer, String operationId) {
    ValidatableResponse response = ValidatableResponse.create(answer.status(), Map.of(),
        Buffer.buffer(answer.body()), "application/json");
    try {
      await(validator.validate(response, operationId));
    } catch (RuntimeException invalid) {
      throw new AssertionError(operationId + " answered what its OpenAPI description does not allow: "
          + invalid.getMessage() + "\n" + answer, invalid);
    }
    return answer;
  }
}
