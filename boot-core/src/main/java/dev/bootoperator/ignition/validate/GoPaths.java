package dev.bootoperator.ignition.validate;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/** Go's {@code path} package functions that Ignition's rules rely on, and Ignition's {@code validatePath}. */
final class GoPaths {
    static final String NO_PATH = "path not specified";
    static final String RELATIVE = "path not absolute";
    static final String DIRTY = "path is not fully simplified";

    private GoPaths() {}

    /** Ignition's {@code validatePath}, all spec versions: absolute and already {@link #clean}. */
    static Optional<String> validate(String p) {
        if (p.isEmpty()) {
            return Optional.of(NO_PATH);
        }
        if (!p.startsWith("/")) {
            return Optional.of(RELATIVE);
        }
        if (!clean(p).equals(p)) {
            return Optional.of(DIRTY);
        }
        return Optional.empty();
    }

    /** Ignition's {@code validatePathNilOK}: an absent or empty path is fine. */
    static Optional<String> validateOptional(Optional<String> p) {
        return p.filter(s -> !s.isEmpty()).flatMap(GoPaths::validate);
    }

    /** Go's {@code path.Clean}: the shortest equivalent path, purely lexically. */
    static String clean(String p) {
        if (p.isEmpty()) {
            return ".";
        }
        boolean rooted = p.startsWith("/");
        Deque<String> out = new ArrayDeque<>();
        for (String part : p.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!out.isEmpty() && !out.peekLast().equals("..")) {
                    out.removeLast();
                } else if (!rooted) {
                    out.addLast("..");
                }
                continue;
            }
            out.addLast(part);
        }
        String joined = String.join("/", out);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }

    /** Go's {@code path.Join} of two elements. */
    static String join(String a, String b) {
        if (a.isEmpty() && b.isEmpty()) {
            return "";
        }
        return clean(a.isEmpty() ? b : b.isEmpty() ? a : a + "/" + b);
    }

    /** Go's {@code path.Ext}: the suffix from the last dot of the last element, or {@code ""}. */
    static String ext(String p) {
        for (int i = p.length() - 1; i >= 0 && p.charAt(i) != '/'; i--) {
            if (p.charAt(i) == '.') {
                return p.substring(i);
            }
        }
        return "";
    }
}
