package dev.bootoperator.ignition;

/** The Ignition config spec versions a fcos Butane document can target, oldest first. */
enum IgnitionVersion {
    V3_0("3.0.0"),
    V3_1("3.1.0"),
    V3_2("3.2.0"),
    V3_3("3.3.0"),
    V3_4("3.4.0"),
    V3_5("3.5.0");

    private final String spec;

    IgnitionVersion(String spec) {
        this.spec = spec;
    }

    /** The value of {@code ignition.version}. */
    String spec() {
        return spec;
    }

    boolean atLeast(IgnitionVersion other) {
        return compareTo(other) >= 0;
    }
}
