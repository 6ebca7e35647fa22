package dev.bootoperator.ignition;

import static dev.bootoperator.ignition.Field.field;
import static dev.bootoperator.ignition.Field.rejected;
import static dev.bootoperator.ignition.Field.renamed;
import static dev.bootoperator.ignition.ScalarSchema.STRING;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A fetched resource (file contents, append fragment, key file, merged config, CA bundle). Butane's
 * {@code inline} becomes an uncompressed {@code data:} URL in {@code source}; {@code local} is refused because
 * there is no files-dir to read from.
 */
record ResourceSchema(ObjectSchema fields, boolean sourceRequired) implements Schema {
    static final String LOCAL_REFUSED = "local file references are not supported (no files-dir)";

    private static final Schema HTTP_HEADERS = new ListSchema(ObjectSchema.of(
            field("name", STRING).required(),
            field("value", STRING)));
    private static final Schema VERIFICATION = ObjectSchema.of(field("hash", STRING));

    /**
     * @param compressionSince the first Ignition spec with {@code compression} on this kind of resource
     * @param sourceRequired whether Ignition requires a {@code source} (configs and CA bundles do)
     */
    static ResourceSchema of(IgnitionVersion compressionSince, boolean sourceRequired) {
        return new ResourceSchema(ObjectSchema.of(
                field("source", STRING),
                field("inline", STRING),
                rejected("local", LOCAL_REFUSED),
                field("compression", STRING).since(compressionSince),
                renamed("http_headers", "httpHeaders", HTTP_HEADERS).since(IgnitionVersion.V3_1),
                field("verification", VERIFICATION)), sourceRequired);
    }

    @Override
    public ObjectNode translate(JsonNode value, FieldPath path, FcosVersion version) {
        ObjectNode out = fields.translate(value, path, version);
        JsonNode inline = out.remove("inline");
        if (inline != null) {
            if (out.has("source")) {
                throw path.key("inline").error("inline and source are mutually exclusive");
            }
            out.put("source", DataUrl.of(inline.textValue()));
        }
        if (sourceRequired && !out.has("source")) {
            throw path.key("source").error("required field is missing (set source or inline)");
        }
        return out;
    }
}
