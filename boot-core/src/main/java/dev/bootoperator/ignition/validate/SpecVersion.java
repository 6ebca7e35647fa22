package dev.bootoperator.ignition.validate;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An Ignition config spec version as Ignition reads {@code ignition.version} (coreos/go-semver): three dotted
 * integers, an optional {@code -pre-release} and {@code +metadata}. Only the {@link #SUPPORTED} versions are
 * validated; Ignition rejects every other one. {@code 3.7.0-experimental} sorts before {@code 3.7.0}.
 */
record SpecVersion(long major, long minor, long patch, String preRelease, String metadata)
        implements Comparable<SpecVersion> {
    static final SpecVersion V3_0 = release(0);
    static final SpecVersion V3_1 = release(1);
    static final SpecVersion V3_2 = release(2);
    static final SpecVersion V3_3 = release(3);
    static final SpecVersion V3_4 = release(4);
    static final SpecVersion V3_5 = release(5);
    static final SpecVersion V3_6 = release(6);
    static final SpecVersion V3_7_EXPERIMENTAL = new SpecVersion(3, 7, 0, "experimental", "");

    /** The versions Ignition 2.26 (vendored in butane v0.28.0) parses. */
    static final List<SpecVersion> SUPPORTED = List.of(V3_0, V3_1, V3_2, V3_3, V3_4, V3_5, V3_6, V3_7_EXPERIMENTAL);

    private static final Pattern IDENTIFIER = Pattern.compile("[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*");
    private static final Comparator<SpecVersion> ORDER = Comparator.comparingLong(SpecVersion::major)
            .thenComparingLong(SpecVersion::minor)
            .thenComparingLong(SpecVersion::patch)
            .thenComparing(v -> v.preRelease().isEmpty());

    private static SpecVersion release(int minor) {
        return new SpecVersion(3, minor, 0, "", "");
    }

    /** Parses as go-semver's {@code NewVersion} does (which takes {@code 03.0.0} and {@code +3.0.0} as 3.0.0). */
    static Optional<SpecVersion> parse(String text) {
        String rest = text;
        String metadata = "";
        int plus = rest.indexOf('+');
        if (plus >= 0) {
            metadata = rest.substring(plus + 1);
            rest = rest.substring(0, plus);
        }
        String pre = "";
        int dash = rest.indexOf('-');
        if (dash >= 0) {
            pre = rest.substring(dash + 1);
            rest = rest.substring(0, dash);
        }
        String[] parts = rest.split("\\.", 3);
        if (parts.length != 3 || !validIdentifier(pre) || !validIdentifier(metadata)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SpecVersion(Long.parseLong(parts[0]), Long.parseLong(parts[1]),
                    Long.parseLong(parts[2]), pre, metadata));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean validIdentifier(String id) {
        return id.isEmpty() || IDENTIFIER.matcher(id).matches();
    }

    boolean isSupported() {
        return SUPPORTED.contains(this);
    }

    boolean atLeast(SpecVersion other) {
        return compareTo(other) >= 0;
    }

    boolean before(SpecVersion other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(SpecVersion other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (preRelease.isEmpty() ? "" : "-" + preRelease)
                + (metadata.isEmpty() ? "" : "+" + metadata);
    }
}
