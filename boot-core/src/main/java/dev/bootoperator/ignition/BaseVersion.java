package dev.bootoperator.ignition;

/**
 * butane's base schemas ({@code base/v0_N}), each tied to the Ignition spec it generates. Variants pick one:
 * fcos 1.7.0 is base 0.7, Ignition 3.6.0.
 */
enum BaseVersion {
    V0_1("3.0.0"),
    V0_2("3.1.0"),
    V0_3("3.2.0"),
    V0_4("3.3.0"),
    V0_5("3.4.0"),
    V0_6("3.5.0"),
    V0_7("3.6.0"),
    V0_8_EXP("3.7.0-experimental");

    private final String ignitionVersion;

    BaseVersion(String ignitionVersion) {
        this.ignitionVersion = ignitionVersion;
    }

    /** The {@code ignition.version} of the generated config. */
    String ignitionVersion() {
        return ignitionVersion;
    }

    boolean atLeast(BaseVersion other) {
        return compareTo(other) >= 0;
    }
}
