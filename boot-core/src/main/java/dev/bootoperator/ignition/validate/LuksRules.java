package dev.bootoperator.ignition.validate;

import static dev.bootoperator.ignition.validate.SpecVersion.V3_3;
import static dev.bootoperator.ignition.validate.SpecVersion.V3_4;
import static dev.bootoperator.ignition.validate.SpecVersion.V3_5;
import static dev.bootoperator.ignition.validate.SpecVersion.V3_6;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/** Rules for {@code storage.luks} (3.2.0+), with its clevis, tang and (3.5.0+) cex settings. */
final class LuksRules {
    static final String NAME_SLASH = "device names cannot contain slashes";
    static final String LABEL_TOO_LONG = "luks device labels cannot be longer than 47 characters";
    static final String INVALID_KEY_FILE = "invalid key-file source";
    static final String CUSTOM_WITH_OTHERS = "cannot use custom clevis config with tpm2, tang, or threshold";
    static final String CEX_WITH_CLEVIS = "cannot use cex with clevis";
    static final String CEX_WITH_KEY_FILE = "cannot use key file with cex";
    static final String PIN_REQUIRED = "missing required custom clevis pin";
    static final String UNKNOWN_PIN = "unsupported clevis pin";
    static final String CONFIG_REQUIRED = "missing required custom clevis config";
    static final String THUMBPRINT_REQUIRED = "thumbprint is required";
    static final String INVALID_ADVERTISEMENT = "advertisement is not valid JSON";

    private static final Set<String> KNOWN_PINS = Set.of("tpm2", "tang", "sss");
    private static final ObjectMapper STRICT_JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private LuksRules() {}

    static void check(JsonNode storage, SpecVersion v, Report r) {
        List<JsonNode> volumes = Json.array(storage, "luks");
        for (int i = 0; i < volumes.size(); i++) {
            luks(volumes.get(i), Loc.ROOT.at("storage", "luks", i), v, r);
        }
    }

    private static void luks(JsonNode luks, Loc at, SpecVersion v, Report r) {
        if (Json.string(luks, "name").contains("/")) {
            r.error(at.at("name"), NAME_SLASH);
        }
        if (Json.goLen(Json.string(luks, "label")) > 47) {
            r.error(at.at("label"), LABEL_TOO_LONG);
        }
        String device = Json.string(luks, "device");
        r.error(at.at("device"), device.isEmpty() ? java.util.Optional.of(DiskRules.DEVICE_REQUIRED)
                : GoPaths.validate(device));

        JsonNode clevis = luks.path("clevis");
        JsonNode custom = clevis.path("custom");
        boolean others = !Json.array(clevis, "tang").isEmpty() || Json.isTrue(clevis, "tpm2")
                || Json.integer(clevis, "threshold").orElse(0L) != 0;
        // 3.2.0 objects to any custom object beside other pins; 3.3.0+ only to a custom pin
        boolean hasCustom = v.atLeast(V3_3) ? Json.notEmpty(custom, "pin") : Json.present(clevis, "custom");
        if (hasCustom && others) {
            r.error(at.at("clevis"), CUSTOM_WITH_OTHERS);
        }
        JsonNode keyFile = luks.path("keyFile");
        if (Sources.validateOptional(Json.text(keyFile, "source"), v).isPresent()) {
            r.error(at.at("keys"), INVALID_KEY_FILE); // sic: Ignition reports it at "keys"
        }
        if (v.atLeast(V3_5) && Json.isTrue(luks.path("cex"), "enabled")) {
            if (Json.notEmpty(custom, "pin") || others) {
                r.error(at.at("cex"), CEX_WITH_CLEVIS);
            }
            if (Json.notEmpty(keyFile, "source")) {
                r.error(at.at("cex"), CEX_WITH_KEY_FILE);
            }
        }
        ResourceRules.resource(keyFile, at.at("keyFile"), v, r);
        if (!custom.isMissingNode() && !custom.isNull()) {
            custom(custom, at.at("clevis", "custom"), v, r);
        }
        List<JsonNode> tangs = Json.array(clevis, "tang");
        for (int k = 0; k < tangs.size(); k++) {
            tang(tangs.get(k), at.at("clevis", "tang", k), v, r);
        }
    }

    /** A custom clevis pin: 3.2.0–3.5.0 know only tpm2, tang and sss; 3.6.0+ take any pin. */
    private static void custom(JsonNode custom, Loc at, SpecVersion v, Report r) {
        boolean pin = Json.notEmpty(custom, "pin");
        boolean config = Json.notEmpty(custom, "config");
        boolean needsNetwork = v.atLeast(V3_3) && Json.isTrue(custom, "needsNetwork");
        if (!pin && !config && !needsNetwork) {
            return;
        }
        if (!pin && v.atLeast(V3_3)) {
            r.error(at.at("pin"), PIN_REQUIRED);
        } else if (v.before(V3_6) && !KNOWN_PINS.contains(Json.string(custom, "pin"))) {
            r.error(at.at("pin"), UNKNOWN_PIN);
        }
        if (!config) {
            r.error(at.at("config"), CONFIG_REQUIRED);
        }
    }

    private static void tang(JsonNode tang, Loc at, SpecVersion v, Report r) {
        r.error(at.at("url"), Sources.schemeIn(Json.string(tang, "url"), Set.of("http", "https"), Sources.INVALID_SCHEME));
        if (!Json.notEmpty(tang, "thumbprint")) {
            r.error(at.at("thumbprint"), THUMBPRINT_REQUIRED);
        }
        if (v.atLeast(V3_4) && Json.notEmpty(tang, "advertisement")) {
            if (!isJson(Json.string(tang, "advertisement"))) {
                r.error(at.at("advertisement"), INVALID_ADVERTISEMENT);
            }
        }
    }

    /** Whether Go's {@code json.Unmarshal} takes the text: exactly one JSON value. */
    private static boolean isJson(String text) {
        try {
            JsonNode parsed = STRICT_JSON.readTree(text);
            return parsed != null && !parsed.isMissingNode();
        } catch (IOException e) {
            return false;
        }
    }
}
