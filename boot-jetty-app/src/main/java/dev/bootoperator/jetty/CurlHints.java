package dev.bootoperator.jetty;

import dev.bootoperator.config.BootResource;
import dev.bootoperator.config.HttpBootConfig;
import dev.bootoperator.config.IpxeBootConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** The curl commands the server logs at start-up, so that a first run shows how to try each loaded machine. */
final class CurlHints {
    /** Hints for at most this many machines of each kind. */
    static final int MAX_MACHINES = 3;

    private CurlHints() {
    }

    static List<String> of(Collection<BootResource> resources, String baseUrl, boolean ipxeEnabled) {
        List<IpxeBootConfig> ipxe = resources.stream().filter(IpxeBootConfig.class::isInstance)
                .map(IpxeBootConfig.class::cast).filter(c -> !c.systemUuid().isEmpty())
                .sorted(Comparator.comparing(IpxeBootConfig::key)).toList();
        List<HttpBootConfig> http = resources.stream().filter(HttpBootConfig.class::isInstance)
                .map(HttpBootConfig.class::cast).sorted(Comparator.comparing(HttpBootConfig::key)).toList();
        List<String> hints = new ArrayList<>();
        if (ipxeEnabled) {
            hints.add("curl -s " + baseUrl + "/ipxe");
        }
        for (IpxeBootConfig c : ipxe.subList(0, Math.min(MAX_MACHINES, ipxe.size()))) {
            if (ipxeEnabled) {
                hints.add("curl -s " + baseUrl + "/ipxe/" + c.systemUuid());
            }
            if (c.ignitionSecretName().isPresent()) {
                hints.add("curl -s " + baseUrl + "/ignition/" + c.systemUuid());
            }
        }
        for (HttpBootConfig c : http.subList(0, Math.min(MAX_MACHINES, http.size()))) {
            if (!c.networkIdentifiers().isEmpty()) {
                hints.add("curl -s -H 'X-Forwarded-For: " + c.networkIdentifiers().get(0) + "' " + baseUrl + "/httpboot");
            }
            if (!c.systemUuid().isEmpty() && c.ignitionSecretName().isPresent()) {
                hints.add("curl -s " + baseUrl + "/ignition/" + c.systemUuid());
            }
        }
        int more = Math.max(0, ipxe.size() - MAX_MACHINES) + Math.max(0, http.size() - MAX_MACHINES);
        if (more > 0) {
            hints.add("(and " + more + " more machines)");
        }
        if (ipxe.isEmpty() && http.isEmpty()) {
            hints.add("curl -s " + baseUrl + "/healthz   (no IPXEBootConfig or HTTPBootConfig loaded yet; "
                    + "files added to the config dir are picked up while running)");
        }
        hints.add("curl -s " + baseUrl + "/metrics");
        return hints;
    }

    /** The host a local client uses to reach the address: loopback when the server binds every interface. */
    static String clientHost(ListenAddress address) {
        if (address.anyHost()) {
            return "127.0.0.1";
        }
        return address.urlHost();
    }
}
