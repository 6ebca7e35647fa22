package dev.bootoperator.ignition;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The stable Butane {@code fcos} spec versions and the Ignition spec each one generates. */
enum FcosVersion {
    V1_0("1.0.0", IgnitionVersion.V3_0),
    V1_1("1.1.0", IgnitionVersion.V3_1),
    V1_2("1.2.0", IgnitionVersion.V3_2),
    V1_3("1.3.0", IgnitionVersion.V3_2),
    V1_4("1.4.0", IgnitionVersion.V3_3),
    V1_5("1.5.0", IgnitionVersion.V3_4),
    V1_6("1.6.0", IgnitionVersion.V3_5);

    private final String spec;
    private final IgnitionVersion ignition;

    FcosVersion(String spec, IgnitionVersion ignition) {
        this.spec = spec;
        this.ignition = ignition;
    }

    static Optional<FcosVersion> parse(String spec) {
        return Arrays.stream(values()).filter(v -> v.spec.equals(spec)).findFirst();
    }

    /** The oldest fcos version whose Ignition target has {@code feature}; the newest when none does. */
    static FcosVersion firstWith(IgnitionVersion feature) {
        return Arrays.stream(values()).filter(v -> v.ignition.atLeast(feature)).findFirst().orElse(V1_6);
    }

    static String supported() {
        return Arrays.stream(values()).map(FcosVersion::spec).collect(Collectors.joining(", "));
    }

    String spec() {
        return spec;
    }

    IgnitionVersion ignition() {
        return ignition;
    }

    @Override
    public String toString() {
        return "fcos " + spec + " (Ignition " + ignition.spec() + ")";
    }
}
