package dev.bootoperator.boot;

import java.util.ArrayList;
import java.util.List;

/**
 * The addresses a request speaks for: the {@code X-Forwarded-For} entries (a DHCP relay or load balancer
 * in front of the server names the machine there), or, without that header, the peer's address.
 * Entries may be IP or MAC addresses; stores compare them in canonical form.
 */
public final class ClientAddresses {
    /** At most this many forwarded entries are considered, so a huge header costs nothing. */
    public static final int MAX_ENTRIES = 32;

    private ClientAddresses() {
    }

    /** The client addresses of a request, in order of preference. */
    public static List<String> of(BootRequest request) {
        List<String> out = new ArrayList<>(4);
        for (String header : request.header("X-Forwarded-For")) {
            for (String entry : header.split(",")) {
                String e = strip(entry.trim());
                if (!e.isEmpty() && out.size() < MAX_ENTRIES && !out.contains(e)) {
                    out.add(e);
                }
            }
        }
        if (out.isEmpty()) {
            out.add(strip(request.remoteAddress()));
        }
        return out;
    }

    /** Removes IPv6 brackets: {@code [::1]} becomes {@code ::1}. */
    static String strip(String address) {
        if (address.startsWith("[") && address.endsWith("]")) {
            return address.substring(1, address.length() - 1);
        }
        return address;
    }
}
