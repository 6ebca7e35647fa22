package dev.bootoperator.operator;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A listen address as upstream's flags (Go, controller-runtime) take it: {@code :8080} (every interface),
 * {@code 127.0.0.1:8080}, {@code [::1]:8080}; {@code 0} switches the listener off, as controller-runtime does for
 * {@code --metrics-bind-address} and {@code --health-probe-bind-address}. Port 0 picks a free port.
 *
 * <p>boot-jetty-app has the same notation in {@code ListenAddress}, but its Maven artifact is the shaded
 * executable jar, which would put a second copy of Jetty, Jackson and logback on the operator's classpath.
 *
 * @param host the host name or IP literal (IPv6 without brackets); empty for every interface
 * @param port 0 to 65535
 */
public record BindAddress(String host, int port) {
    /** The value that switches a listener off. */
    public static final String DISABLED = "0";
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    public BindAddress {
        host = host == null ? "" : host;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
        }
    }

    /** Parses {@code :PORT}, {@code HOST:PORT} or {@code [IPv6]:PORT}. */
    public static BindAddress parse(String text) {
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
                throw new IllegalArgumentException("'" + text + "': put an IPv6 address in brackets, e.g. [::1]:8080");
            }
            if (!host.isEmpty() && !HOST_NAME.matcher(host).matches()) {
                throw new IllegalArgumentException("'" + host + "' in '" + text + "' is not a host name or IP address");
            }
        }
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + port + "' in '" + text + "' is not a port number");
        }
        return new BindAddress(host, Integer.parseInt(port));
    }

    /** Like {@link #parse} but {@value #DISABLED} is empty: the listener is off. */
    public static Optional<BindAddress> parseOptional(String text) {
        return text.trim().equals(DISABLED) ? Optional.empty() : Optional.of(parse(text));
    }

    /** The socket address to bind: the wildcard address when no host is given. */
    public InetSocketAddress socketAddress() {
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }

    /** The same host with another port, e.g. the one actually bound. */
    public BindAddress withPort(int otherPort) {
        return new BindAddress(host, otherPort);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
