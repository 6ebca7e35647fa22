package dev.bootoperator.ignition.validate;

import static dev.bootoperator.ignition.validate.SpecVersion.V3_1;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Rules for a fetched resource: file {@code contents} and {@code append} entries, config {@code merge} and
 * {@code replace}, certificate authorities and (3.2.0+) LUKS key files.
 */
final class ResourceRules {
    static final String INVALID_COMPRESSION = "invalid compression method";
    static final String VERIFICATION_WITHOUT_SOURCE = "source must be specified if verification is specified";
    static final String HEADERS_SCHEME = "cannot use HTTP headers with this source scheme";
    static final String EMPTY_HEADER_NAME = "HTTP header name can't be empty";
    static final String INVALID_HEADER = "unable to parse HTTP header";
    static final String HASH_MALFORMED = "malformed hash specifier";
    static final String HASH_WRONG_SIZE = "incorrect size for hash sum";
    static final String HASH_UNRECOGNIZED = "unrecognized hash function";

    private ResourceRules() {}

    /**
     * A file's contents or append entry (3.0.0 {@code FileContents}, 3.1.0+ {@code Resource}); from 3.1.0 on,
     * also merge/replace/CA entries: compression only {@code ""} or {@code gzip} (every version), a hash needs a
     * source, the source must be a {@link Sources valid URL}, and (3.1.0+) HTTP headers need an http(s) source.
     */
    static void resource(JsonNode res, Loc loc, SpecVersion v, Report r) {
        Optional<String> compression = Json.text(res, "compression");
        if (compression.isPresent() && !compression.get().isEmpty() && !compression.get().equals("gzip")) {
            r.error(loc.at("compression"), INVALID_COMPRESSION);
        }
        if (Json.present(res.path("verification"), "hash") && !Json.present(res, "source")) {
            r.error(loc.at("verification", "hash"), VERIFICATION_WITHOUT_SOURCE);
        }
        r.error(loc.at("source"), Sources.validateOptional(Json.text(res, "source"), v));
        if (v.atLeast(V3_1)) {
            r.error(loc.at("httpHeaders"), headersScheme(res));
            List<JsonNode> headers = Json.array(res, "httpHeaders");
            for (int i = 0; i < headers.size(); i++) {
                JsonNode h = headers.get(i);
                if (Json.string(h, "name").isEmpty()) {
                    r.error(loc.at("httpHeaders", i, "name"), EMPTY_HEADER_NAME);
                }
                if (Json.text(h, "value").filter(String::isEmpty).isPresent()) {
                    r.error(loc.at("httpHeaders", i, "value"), INVALID_HEADER);
                }
            }
        }
        verification(res.path("verification"), loc.at("verification"), v, r);
    }

    /** 3.0.0's config merge/replace entries ({@code ConfigReference}): an optional valid source. */
    static void configReference30(JsonNode ref, Loc loc, SpecVersion v, Report r) {
        r.error(loc.at("source"), Sources.validateOptional(Json.text(ref, "source"), v));
        verification(ref.path("verification"), loc.at("verification"), v, r);
    }

    /** 3.0.0's CAs ({@code CaReference}): the source is a plain string, so an empty one has no scheme. */
    static void caReference30(JsonNode ref, Loc loc, SpecVersion v, Report r) {
        r.error(loc.at("source"), Sources.validate(Json.string(ref, "source"), v));
        verification(ref.path("verification"), loc.at("verification"), v, r);
    }

    /** {@code sha512-<128 chars>} in every version, {@code sha256-<64 chars>} from 3.1.0 on. Hex is not checked. */
    static void verification(JsonNode verification, Loc loc, SpecVersion v, Report r) {
        Optional<String> hash = Json.text(verification, "hash");
        if (hash.isEmpty()) {
            return;
        }
        int dash = hash.get().indexOf('-');
        if (dash < 0) {
            r.error(loc.at("hash"), HASH_MALFORMED);
            return;
        }
        String function = hash.get().substring(0, dash);
        int sumLength = Json.goLen(hash.get().substring(dash + 1));
        int expected;
        if (function.equals("sha512")) {
            expected = 128;
        } else if (function.equals("sha256") && v.atLeast(V3_1)) {
            expected = 64;
        } else {
            r.error(loc.at("hash"), HASH_UNRECOGNIZED);
            return;
        }
        if (sumLength != expected) {
            r.error(loc.at("hash"), HASH_WRONG_SIZE);
        }
    }

    private static Optional<String> headersScheme(JsonNode res) {
        if (Json.array(res, "httpHeaders").isEmpty()) {
            return Optional.empty();
        }
        String source = Json.string(res, "source");
        if (source.isEmpty()) {
            return Optional.of(Sources.INVALID_URL);
        }
        return Sources.schemeIn(source, Set.of("http", "https"), HEADERS_SCHEME);
    }
}
