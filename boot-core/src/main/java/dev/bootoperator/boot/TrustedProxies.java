package dev.bootoperator.boot;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Who may speak for a client with {@code X-Forwarded-For}. Upstream believes the header from anyone, so any host
 * can claim another machine's IP ({@link #everyone()}, the default, for compatibility). With a list of trusted
 * proxies (the DHCP relay or load balancer in front of the server), the header counts only when the peer is one
 * of them; from anyone else the peer's own address is the client.
 *
 * <pre>{@code
 * TrustedProxies proxies = TrustedProxies.parse("10.0.0.2/32,fd00::/64");
 * List<String> clients = proxies.clientAddresses(request);
 * }</pre>
 */
public final class TrustedProxies {
    private static final TrustedProxies EVERYONE = new TrustedProxies(null);

    /** Null: everyone is trusted (upstream's behaviour). */
    private final List<Cidr> cidrs;

    private TrustedProxies(List<Cidr> cidrs) {
        this.cidrs = cidrs;
    }

    /** Upstream's behaviour: {@code X-Forwarded-For} is believed from any peer. */
    public static TrustedProxies everyone() {
        return EVERYONE;
    }

    /**
     * Only these networks; an address without a prefix is one host.
     *
     * @throws IllegalArgumentException quoting an entry that is not an IP literal or CIDR
     */
    public static TrustedProxies parse(String csv) {
        List<Cidr> list = new ArrayList<>();
        for (String entry : Objects.requireNonNull(csv, "csv").split(",")) {
            if (!entry.isBlank()) {
                list.add(Cidr.parse(entry.trim()));
            }
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("no trusted proxy in '" + csv + "'");
        }
        return new TrustedProxies(List.copyOf(list));
    }

    /** Whether any peer may speak for clients (no list configured). */
    public boolean trustsEveryone() {
        return cidrs == null;
    }

    /** Whether {@code address} (an IP literal) is a trusted proxy. */
    public boolean trusts(String address) {
        if (cidrs == null) {
            return true;
        }
        byte[] ip = Cidr.literal(ClientAddresses.strip(address));
        if (ip == null) {
            return false;
        }
        for (Cidr c : cidrs) {
            if (c.contains(ip)) {
                return true;
            }
        }
        return false;
    }

    /** The addresses the request speaks for: its forwarded entries when its peer is trusted, else the peer. */
    public List<String> clientAddresses(BootRequest request) {
        if (trusts(request.remoteAddress())) {
            return ClientAddresses.of(request);
        }
        return List.of(ClientAddresses.strip(request.remoteAddress()));
    }

    @Override
    public String toString() {
        return cidrs == null ? "TrustedProxies[everyone]" : "TrustedProxies" + cidrs;
    }

    /** A network: address bytes and prefix length. */
    record Cidr(byte[] network, int prefix, String text) {
        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            byte[] bytes = literal(address);
            if (bytes == null) {
                throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR");
            }
            int prefix = bytes.length * 8;
            if (slash >= 0) {
                String p = text.substring(slash + 1);
                if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)
                        || Integer.parseInt(p) > bytes.length * 8) {
                    throw new IllegalArgumentException("'" + text + "' has an invalid prefix length");
                }
                prefix = Integer.parseInt(p);
            }
            return new Cidr(bytes, prefix, text);
        }

        boolean contains(byte[] ip) {
            if (ip.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (ip[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (ip[full] & mask) == (network[full] & mask);
        }

        /** The bytes of an IP literal, never a DNS lookup; null when it is not one. */
        static byte[] literal(String s) {
            if (s.isEmpty() || s.length() > 45 || !s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
                return null;
            }
            if (s.indexOf(':') < 0 && !s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                return null;
            }
            try {
                byte[] b = InetAddress.getByName(s).getAddress();
                if (b.length == 16 && isV4Mapped(b)) {
                    return Arrays.copyOfRange(b, 12, 16);
                }
                return b;
            } catch (UnknownHostException e) {
                return null;
            }
        }

        private static boolean isV4Mapped(byte[] b) {
            for (int i = 0; i < 10; i++) {
                if (b[i] != 0) {
                    return false;
                }
            }
            return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
