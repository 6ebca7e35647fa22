package dev.bootoperator.ignition.validate;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Ignition config spec version, ordered as Ignition orders them ({@code 3.4.0-experimental} sorts before
 * {@code 3.4.0}). Only {@link #SUPPORTED} versions are validated; Ignition rejects every other one.
 */
record SpecVersion(int major, int minor, int patch, boolean experimental) implements Comparable<SpecVersion> {
    static final SpecVersion V3_0 = new SpecVersion(3, 0, 0, false);
    static final SpecVersion V3_1 = new SpecVersion(3, 1, 0, false);
    static final SpecVersion V3_2 = new SpecVersion(3, 2, 0, false);
    static final SpecVersion V3_3 = new SpecVersion(3, 3, 0, false);
    static final SpecVersion V3_4 = new SpecVersion(3, 4, 0, false);
    static final SpecVersion V3_5 = new SpecVersion(3, 5, 0, false);
    static final SpecVersion V3_6 = new SpecVersion(3, 6, 0, false);
    static final SpecVersion V3_7_EXPERIMENTAL = new SpecVersion(3, 7, 0, true);

    /** The versions Ignition 2.24 (vendored in butane v0.28.0) parses. */
    static final List<SpecVersion> SUPPORTED = List.of(V3_0, V3_1, V3_2, V3_3, V3_4, V3_5, V3_6, V3_7_EXPERIMENTAL);

    private static final Pattern SEMVER = Pattern.compile("(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})(?:-([0-9A-Za-z.-]+))?");
    private static final Comparator<SpecVersion> ORDER = Comparator.comparingInt(SpecVersion::major)
            .thenComparingInt(SpecVersion::minor)
            .thenComparingInt(SpecVersion::patch)
            .thenComparing(v -> !v.experimental());

    /** Parses a semantic version; any pre-release tag other than {@code experimental} is kept out. */
    static Optional<SpecVersion> parse(String text) {
        Matcher m = SEMVER.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        String pre = m.group(4);
        if (pre != null && !pre.equals("experimental")) {
            return Optional.empty();
        }
        return Optional.of(new SpecVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), pre != null));
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
        return major + "." + minor + "." + patch + (experimental ? "-experimental" : "");
    }
}
