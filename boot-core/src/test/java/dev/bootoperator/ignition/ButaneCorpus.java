package dev.bootoperator.ignition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The Butane corpus in {@code src/test/resources/butane-corpus}: inputs from butane v0.28.0's tests and docs with
 * what the real butane made of them (see {@code src/test/butane-oracle/README.md}).
 */
final class ButaneCorpus {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ButaneCorpus() {
    }

    /** One case: the input, and butane's JSON or its errors, and its warnings ({@code PATH: MESSAGE} lines). */
    record Case(String name, byte[] input, List<String> sources, Optional<JsonNode> expected, List<Issue> errors,
            List<Issue> warnings) {
        @Override
        public String toString() {
            return name;
        }

        /** The spec version of the expected output, e.g. {@code 3.4.0}. */
        Optional<String> spec() {
            return expected.map(e -> e.path("ignition").path("version").asText());
        }
    }

    /** One line of butane's report: the Butane path (dotted, empty for the document) and the message. */
    record Issue(String path, String message) {
        @Override
        public String toString() {
            return path + ": " + message;
        }
    }

    static Path directory() {
        try {
            return Path.of(ButaneCorpus.class.getResource("/butane-corpus").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Case> cases() {
        try (Stream<Path> files = Files.list(directory())) {
            List<Case> cases = files.filter(p -> p.toString().endsWith(".bu")).sorted().map(ButaneCorpus::load).toList();
            if (cases.size() < 900) {
                throw new IllegalStateException("butane corpus has only " + cases.size() + " cases");
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Case load(Path bu) {
        try {
            String name = bu.getFileName().toString().replaceFirst("\\.bu$", "");
            byte[] input = Files.readAllBytes(bu);
            List<String> sources = Files.readAllLines(bu).stream().filter(l -> l.startsWith("# source: "))
                    .map(l -> l.substring("# source: ".length())).toList();
            if (sources.isEmpty() || Files.readAllLines(bu).stream().noneMatch(l -> l.startsWith("# expected: "))) {
                throw new IllegalStateException(name + ": no provenance (# source: / # expected: lines)");
            }
            Path json = bu.resolveSibling(name + ".ign.json");
            Path error = bu.resolveSibling(name + ".error");
            Path warnings = bu.resolveSibling(name + ".warnings");
            Optional<JsonNode> expected = Files.exists(json) ? Optional.of(JSON.readTree(json.toFile())) : Optional.empty();
            List<Issue> errors = Files.exists(error) ? issues(Files.readAllLines(error), "") : List.of();
            if (expected.isEmpty() == errors.isEmpty()) {
                throw new IllegalStateException(name + ": needs exactly one of .ign.json and .error");
            }
            List<Issue> warned = Files.exists(warnings) ? issues(Files.readAllLines(warnings), "warning ") : List.of();
            return new Case(name, input, sources, expected, errors, warned);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Report lines: {@code [KIND ]PATH: MESSAGE}; indented lines continue the message before them. */
    private static List<Issue> issues(List<String> lines, String kind) {
        List<Issue> out = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith(" ") && !out.isEmpty()) {
                Issue last = out.remove(out.size() - 1);
                out.add(new Issue(last.path(), last.message() + "\n" + line));
                continue;
            }
            if (line.startsWith("info ")) {
                continue;
            }
            String rest = line.startsWith(kind) ? line.substring(kind.length()) : line;
            int colon = rest.indexOf(": ");
            out.add(colon < 0 ? new Issue("", rest) : new Issue(rest.substring(0, colon), rest.substring(colon + 2)));
        }
        return out;
    }

    /**
     * Ignition JSON in a form where equal configs are equal: object keys sorted (arrays keep their order), and
     * {@code data:} URLs replaced by the bytes they decode to, since butane's choice between base64 and
     * percent-encoding may differ from ours.
     */
    static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            node.fields().forEachRemaining(e -> sorted.put(e.getKey(), canonical(e.getValue())));
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            sorted.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> out.add(canonical(n)));
            return out;
        }
        if (node.isTextual() && node.textValue().startsWith("data:")) {
            return dataUrlBytes(node.textValue()).<JsonNode>map(b -> JsonNodeFactory.instance.textNode(
                    "data bytes (base64): " + Base64.getEncoder().encodeToString(b))).orElse(node);
        }
        return node;
    }

    /** The bytes of a {@code data:} URL (RFC 2397), or empty when it is malformed. */
    static Optional<byte[]> dataUrlBytes(String url) {
        int comma = url.indexOf(',');
        if (comma < 0) {
            return Optional.empty();
        }
        String header = url.substring("data:".length(), comma);
        String data = url.substring(comma + 1);
        try {
            byte[] raw = URLDecoder.decode(data.replace("+", "%2B"), StandardCharsets.ISO_8859_1)
                    .getBytes(StandardCharsets.ISO_8859_1);
            return Optional.of(header.endsWith(";base64") ? Base64.getDecoder().decode(raw) : raw);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String pretty(JsonNode node) {
        return node.toPrettyString();
    }
}
