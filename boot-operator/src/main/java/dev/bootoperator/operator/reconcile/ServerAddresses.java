package dev.bootoperator.operator.reconcile;

import dev.bootoperator.operator.metal.NetworkInterface;
import dev.bootoperator.operator.metal.Server;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The addresses a boot request may come from, read from {@code Server.status.networkInterfaces}. */
final class ServerAddresses {
    private ServerAddresses() {
    }

    /** Each interface's {@code ips[]}, then its {@code ip} if not among them; no repeats. */
    static List<String> ips(Server server) {
        return identifiers(server, false);
    }

    /** As upstream's HTTP boot: per interface its IPs, then its MAC address. */
    static List<String> ipsAndMacs(Server server) {
        return identifiers(server, true);
    }

    private static List<String> identifiers(Server server, boolean withMacs) {
        Set<String> ids = new LinkedHashSet<>();
        if (server.getStatus() == null) {
            return List.of();
        }
        for (NetworkInterface nic : server.getStatus().getNetworkInterfaces()) {
            nic.getIps().stream().filter(ServerAddresses::present).forEach(ids::add);
            if (present(nic.getIp())) {
                ids.add(nic.getIp());
            }
            if (withMacs && present(nic.getMacAddress())) {
                ids.add(nic.getMacAddress());
            }
        }
        return List.copyOf(ids);
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
