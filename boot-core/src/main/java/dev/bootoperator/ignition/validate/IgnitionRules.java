package dev.bootoperator.ignition.validate;

import static dev.bootoperator.ignition.validate.SpecVersion.V3_1;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Rules for the {@code ignition} section: config merge/replace, TLS certificate authorities and the proxy. */
final class IgnitionRules {
    static final String INVALID_PROXY = "proxies must be http(s)";
    static final String INSECURE_PROXY = "insecure plaintext HTTP proxy specified for HTTPS resources";

    private IgnitionRules() {}

    static void check(JsonNode ignition, SpecVersion v, Report r) {
        Loc loc = Loc.ROOT.at("ignition");
        JsonNode config = ignition.path("config");
        List<JsonNode> merge = Json.array(config, "merge");
        List<JsonNode> cas = Json.array(ignition.path("security").path("tls"), "certificateAuthorities");
        Loc mergeLoc = loc.at("config", "merge");
        Loc caLoc = loc.at("security", "tls", "certificateAuthorities");
        if (v.before(V3_1)) {
            for (int i = 0; i < merge.size(); i++) {
                ResourceRules.configReference30(merge.get(i), mergeLoc.at(i), v, r);
            }
            ResourceRules.configReference30(config.path("replace"), loc.at("config", "replace"), v, r);
            for (int i = 0; i < cas.size(); i++) {
                ResourceRules.caReference30(cas.get(i), caLoc.at(i), v, r);
            }
            return;
        }
        // 3.1.0+: merge entries and CAs must name a source; all three are full resources.
        for (int i = 0; i < merge.size(); i++) {
            r.error(mergeLoc.at(i), Sources.validateRequired(Json.text(merge.get(i), "source"), v));
            ResourceRules.resource(merge.get(i), mergeLoc.at(i), v, r);
        }
        ResourceRules.resource(config.path("replace"), loc.at("config", "replace"), v, r);
        for (int i = 0; i < cas.size(); i++) {
            r.error(caLoc.at(i), Sources.validateRequired(Json.text(cas.get(i), "source"), v));
            ResourceRules.resource(cas.get(i), caLoc.at(i), v, r);
        }
        proxy(ignition.path("proxy"), loc.at("proxy"), r);
    }

    /** 3.1.0+: proxies are http(s) URLs; an http one for HTTPS traffic is only warned about. */
    private static void proxy(JsonNode proxy, Loc loc, Report r) {
        Json.text(proxy, "httpProxy").ifPresent(url ->
                r.error(loc.at("httpProxy"), Sources.schemeIn(url, Set.of("http", "https"), INVALID_PROXY)));
        Json.text(proxy, "httpsProxy").ifPresent(url -> {
            Optional<String> problem = Sources.schemeIn(url, Set.of("http", "https"), INVALID_PROXY);
            r.error(loc.at("httpsProxy"), problem);
            if (problem.isEmpty() && GoUrl.parse(url).orElseThrow().scheme().equals("http")) {
                r.warn(loc.at("httpsProxy"), INSECURE_PROXY);
            }
        });
    }
}
