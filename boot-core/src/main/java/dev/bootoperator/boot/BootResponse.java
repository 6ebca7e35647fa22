package dev.bootoperator.boot;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * What to answer: status, content type, body and extra headers. Adapters copy it to the wire unchanged.
 * Error bodies are one line of plain text that names the machine, config, secret or field at fault.
 */
public record BootResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
    public static final String TEXT = "text/plain; charset=utf-8";
    public static final String JSON = "application/json";

    public BootResponse {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }

    public static BootResponse ok(String contentType, byte[] body) {
        return new BootResponse(200, contentType, body, Map.of());
    }

    public static BootResponse text(int status, String message) {
        return new BootResponse(status, TEXT, (message + "\n").getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** The body as UTF-8 text, for tests and logs. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** A copy with one more header. */
    public BootResponse withHeader(String name, String value) {
        java.util.HashMap<String, String> h = new java.util.HashMap<>(headers);
        h.put(name, value);
        return new BootResponse(status, contentType, body, h);
    }
}
