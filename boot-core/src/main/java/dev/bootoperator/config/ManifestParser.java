package dev.bootoperator.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses the YAML manifests a user would {@code kubectl apply} (IPXEBootConfig, HTTPBootConfig, Secret)
 * into {@link BootResource} records. A source may hold several documents separated by {@code ---}.
 * Documents of other kinds are skipped with a log line; a missing required field fails the whole source
 * with a {@link ConfigLoadException} naming the source, document index, line and field.
 *
 * <pre>{@code
 * List<BootResource> resources = new ManifestParser().parse("machines.yaml", Files.newInputStream(path));
 * }</pre>
 */
public final class ManifestParser {
    private static final Logger LOG = LoggerFactory.getLogger(ManifestParser.class);
    private static final String BOOT_API = "boot.ironcore.dev/v1alpha1";

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    /** Parses every document of one source; the stream is read fully but not closed. */
    public List<BootResource> parse(String source, InputStream in) throws ConfigLoadException {
        List<BootResource> out = new ArrayList<>();
        int index = 0;
        int line = 0;
        try (JsonParser parser = yaml.getFactory().createParser(in)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                line = lineOf(parser.currentTokenLocation());
                JsonNode doc = yaml.readTree(parser);
                if (token != JsonToken.START_OBJECT) {
                    if (doc != null && !doc.isNull() && !(doc.isTextual() && doc.asText().isBlank())) {
                        throw new ConfigLoadException(source, index, line, "", "a manifest must be a YAML mapping");
                    }
                } else {
                    parseDocument(source, index, line, doc).ifPresent(out::add);
                }
                index++;
            }
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            throw new ConfigLoadException(source, index, loc == null ? line : lineOf(loc), "",
                    "invalid YAML: " + oneLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new ConfigLoadException(source, -1, 0, "", "cannot read: " + e.getMessage(), e);
        }
        return out;
    }

    /** Parses a source held in memory. */
    public List<BootResource> parse(String source, String yamlText) throws ConfigLoadException {
        return parse(source, new java.io.ByteArrayInputStream(yamlText.getBytes(StandardCharsets.UTF_8)));
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    private static int lineOf(JsonLocation loc) {
        return loc == null ? 0 : Math.max(loc.getLineNr(), 0);
    }

    private Optional<BootResource> parseDocument(String source, int index, int line, JsonNode doc)
            throws ConfigLoadException {
        Document d = new Document(source, index, line, doc);
        String kind = d.optionalText(doc, "kind").orElse("");
        String apiVersion = d.optionalText(doc, "apiVersion").orElse("");
        switch (kind) {
            case IpxeBootConfig.KIND -> {
                d.requireApi(apiVersion, BOOT_API);
                return Optional.of(d.ipxe());
            }
            case HttpBootConfig.KIND -> {
                d.requireApi(apiVersion, BOOT_API);
                return Optional.of(d.http());
            }
            case Secret.KIND -> {
                d.requireApi(apiVersion, "v1");
                return Optional.of(d.secret());
            }
            default -> {
                LOG.info("{}:{} (document {}): skipping kind '{}' ({}): not a boot config or secret",
                        source, line, index, kind, apiVersion);
                return Optional.empty();
            }
        }
    }

    /** One YAML document being read; knows where it came from for error messages. */
    private record Document(String source, int index, int line, JsonNode root) {

        ConfigLoadException error(String field, String message) {
            return new ConfigLoadException(source, index, line, field, message);
        }

        void requireApi(String actual, String expected) throws ConfigLoadException {
            if (!expected.equals(actual)) {
                throw error("apiVersion", "expected '" + expected + "', found '" + actual + "'");
            }
        }

        ObjectKey key() throws ConfigLoadException {
            JsonNode metadata = root.path("metadata");
            String name = optionalText(metadata, "name").orElse("");
            if (name.isBlank()) {
                throw error("metadata.name", "is required");
            }
            return ObjectKey.of(optionalText(metadata, "namespace").orElse(null), name);
        }

        JsonNode spec() throws ConfigLoadException {
            JsonNode spec = root.path("spec");
            if (spec.isMissingNode() || spec.isNull()) {
                return yamlEmptyObject();
            }
            if (!spec.isObject()) {
                throw error("spec", "must be a mapping");
            }
            return spec;
        }

        IpxeBootConfig ipxe() throws ConfigLoadException {
            ObjectKey key = key();
            JsonNode spec = spec();
            return new IpxeBootConfig(key,
                    text(spec, "spec.systemUUID", "systemUUID").orElse(""),
                    strings(spec, "spec.systemIPs", "systemIPs"),
                    text(spec, "spec.image", "image"),
                    required(spec, "spec.kernelURL", "kernelURL"),
                    required(spec, "spec.initrdURL", "initrdURL"),
                    text(spec, "spec.squashfsURL", "squashfsURL"),
                    text(spec, "spec.ipxeServerURL", "ipxeServerURL"),
                    ref(spec, "spec.ignitionSecretRef", "ignitionSecretRef"),
                    ref(spec, "spec.ipxeScriptSecretRef", "ipxeScriptSecretRef"));
        }

        HttpBootConfig http() throws ConfigLoadException {
            ObjectKey key = key();
            JsonNode spec = spec();
            return new HttpBootConfig(key,
                    text(spec, "spec.systemUUID", "systemUUID").orElse(""),
                    strings(spec, "spec.networkIdentifiers", "networkIdentifiers"),
                    text(spec, "spec.ukiURL", "ukiURL"),
                    ref(spec, "spec.ignitionSecretRef", "ignitionSecretRef"));
        }

        Secret secret() throws ConfigLoadException {
            ObjectKey key = key();
            Map<String, byte[]> data = new TreeMap<>();
            JsonNode encoded = root.path("data");
            if (!encoded.isMissingNode() && !encoded.isNull()) {
                if (!encoded.isObject()) {
                    throw error("data", "must be a mapping of key to base64 value");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = encoded.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getValue().isTextual()) {
                        throw error("data." + e.getKey(), "must be a base64 string");
                    }
                    try {
                        data.put(e.getKey(), Base64.getDecoder().decode(e.getValue().asText().replaceAll("\\s", "")));
                    } catch (IllegalArgumentException ex) {
                        throw error("data." + e.getKey(), "is not valid base64: " + ex.getMessage());
                    }
                }
            }
            JsonNode plain = root.path("stringData");
            if (!plain.isMissingNode() && !plain.isNull()) {
                if (!plain.isObject()) {
                    throw error("stringData", "must be a mapping of key to string");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = plain.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                        throw error("stringData." + e.getKey(), "must be a string");
                    }
                    data.put(e.getKey(), e.getValue().asText().getBytes(StandardCharsets.UTF_8));
                }
            }
            return new Secret(key, data);
        }

        Optional<String> optionalText(JsonNode node, String name) {
            JsonNode v = node.path(name);
            return v.isValueNode() && !v.isNull() ? Optional.of(v.asText()) : Optional.empty();
        }

        Optional<String> text(JsonNode spec, String path, String name) throws ConfigLoadException {
            JsonNode v = spec.path(name);
            if (v.isMissingNode() || v.isNull()) {
                return Optional.empty();
            }
            if (!v.isValueNode()) {
                throw error(path, "must be a string");
            }
            String s = v.asText();
            return s.isEmpty() ? Optional.empty() : Optional.of(s);
        }

        String required(JsonNode spec, String path, String name) throws ConfigLoadException {
            return text(spec, path, name).filter(s -> !s.isBlank())
                    .orElseThrow(() -> error(path, "is required"));
        }

        List<String> strings(JsonNode spec, String path, String name) throws ConfigLoadException {
            JsonNode v = spec.path(name);
            if (v.isMissingNode() || v.isNull()) {
                return List.of();
            }
            if (!v.isArray()) {
                throw error(path, "must be a list of strings");
            }
            List<String> out = new ArrayList<>(v.size());
            for (int i = 0; i < v.size(); i++) {
                JsonNode item = v.get(i);
                if (!item.isValueNode() || item.isNull()) {
                    throw error(path + "[" + i + "]", "must be a string");
                }
                if (!item.asText().isBlank()) {
                    out.add(item.asText().trim());
                }
            }
            return out;
        }

        Optional<String> ref(JsonNode spec, String path, String name) throws ConfigLoadException {
            JsonNode v = spec.path(name);
            if (v.isMissingNode() || v.isNull()) {
                return Optional.empty();
            }
            if (!v.isObject()) {
                throw error(path, "must be a mapping with a name");
            }
            Optional<String> refName = text(v, path + ".name", "name");
            if (refName.isEmpty() || refName.get().isBlank()) {
                throw error(path + ".name", "is required");
            }
            return refName;
        }

        private static JsonNode yamlEmptyObject() {
            return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }
    }
}
