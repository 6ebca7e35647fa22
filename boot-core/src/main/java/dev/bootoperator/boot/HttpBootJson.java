package dev.bootoperator.boot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** The {@code /httpboot} answer, with upstream's field names: {@code ClientIPs}, {@code UKIURL}, {@code SystemUUID}. */
final class HttpBootJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpBootJson() {
    }

    static byte[] of(String clientIps, String ukiUrl, Optional<String> systemUuid) {
        ObjectNode node = JSON.createObjectNode();
        node.put("ClientIPs", clientIps);
        node.put("UKIURL", ukiUrl);
        systemUuid.ifPresent(uuid -> node.put("SystemUUID", uuid));
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
