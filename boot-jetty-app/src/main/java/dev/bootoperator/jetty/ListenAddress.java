package dev.bootoperator.jetty;

import java.util.regex.Pattern;

/**
 * A TCP listen address in Go's notation, as upstream's flags take it: {@code :8082} (every interface),
 * {@code 127.0.0.1:8082}, {@code boot.example:8082} or {@code [::1]:8082}. Port 0 picks a free port.
 *
 * @param host the host name or IP literal (IPv6 without brackets); empty for every interface
 * @param port 0 to 65535
 */
public record ListenAddress(String host, int port) {
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9._-]+)?");

    public ListenAddress {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
        }
        host = host == null ? "" : host;
    }

    /** Parses {@code :PORT}, {@code HOST:PORT} or {@code [IPv6]:PORT}. */
    public static ListenAddress parse(String text) {
        String s = text.trim();
        String host;
        String port;
        if (s.startsWith("[")) {
            int close = s.indexOf("]:");
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "' is not [IPv6]:PORT");
            }
            host = s.substring(1, close);
            port = s.substring(close + 2);
            if (!IPV6.matcher(host).matches() || !host.contains(":")) {
                throw new IllegalArgumentException("'" + host + "' in '" + text + "' is not an IPv6 address");
            }
        } else {
            int colon = s.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("'" + text + "' has no port; use :PORT, HOST:PORT or [IPv6]:PORT");
            }
            host = s.substring(0, colon);
            port = s.substring(colon + 1);
            if (host.contains(":")) {
                throw new IllegalArgumentException("'" + text + "': put an IPv6 address in brackets, e.g. [::1]:8082");
            }
            if (!host.isEmpty() && !HOST_NAME.matcher(host).matches()) {
                throw new IllegalArgumentException("'" + host + "' in '" + text + "' is not a host name or IP address");
            }
        }
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + port + "' in '" + text + "' is not a port number");
        }
        int number = Integer.parseInt(port);
        if (number > 65535) {
            throw new IllegalArgumentException("port " + number + " in '" + text + "' is out of range 0-65535");
        }
        return new ListenAddress(host, number);
    }

    /** Whether this binds every interface. */
    public boolean anyHost() {
        return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::");
    }

    /** The host as it goes into a URL: IPv6 in brackets. */
    public String urlHost() {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /** The same host with another port, e.g. the port the server actually bound. */
    public ListenAddress withPort(int otherPort) {
        return new ListenAddress(host, otherPort);
    }

    @Override
    public String toString() {
        return urlHost() + ":" + port;
    }
}
