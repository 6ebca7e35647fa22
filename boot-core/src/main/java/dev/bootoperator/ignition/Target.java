package dev.bootoperator.ignition;

import static dev.bootoperator.ignition.Shape.Scalar.BOOL;
import static dev.bootoperator.ignition.Shape.Scalar.STRING;
import static dev.bootoperator.ignition.Shape.struct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Butane variant and version that butane v0.28.0 registers ({@code config/config.go}): its base schema,
 * its fcos layer (null for flatcar, r4e and fiot, which are the base alone), and for OpenShift its minor
 * version. OpenShift is translated in raw mode: plain Ignition, no MachineConfig.
 */
record Target(String variant, String version, BaseVersion base, FcosLevel fcos, int openshiftMinor) {

    private static final Map<String, Target> REGISTRY = new LinkedHashMap<>();
    private static final Map<Target, Shape.Struct> ROOTS = new ConcurrentHashMap<>();

    static {
        fcos("1.0.0", BaseVersion.V0_1, FcosLevel.V1_0);
        fcos("1.1.0", BaseVersion.V0_2, FcosLevel.V1_0);
        fcos("1.2.0", BaseVersion.V0_3, FcosLevel.V1_0);
        fcos("1.3.0", BaseVersion.V0_3, FcosLevel.V1_3);
        fcos("1.4.0", BaseVersion.V0_4, FcosLevel.V1_3);
        fcos("1.5.0", BaseVersion.V0_5, FcosLevel.V1_5);
        fcos("1.6.0", BaseVersion.V0_6, FcosLevel.V1_6);
        fcos("1.7.0", BaseVersion.V0_7, FcosLevel.V1_7);
        fcos("1.8.0-experimental", BaseVersion.V0_8_EXP, FcosLevel.V1_7);
        plain("flatcar", "1.0.0", BaseVersion.V0_4);
        plain("flatcar", "1.1.0", BaseVersion.V0_5);
        plain("flatcar", "1.2.0-experimental", BaseVersion.V0_8_EXP);
        for (int minor = 8; minor <= 23; minor++) {
            BaseVersion base = minor <= 13 ? BaseVersion.V0_3 : minor <= 18 ? BaseVersion.V0_5
                    : minor <= 21 ? BaseVersion.V0_6 : minor == 22 ? BaseVersion.V0_7 : BaseVersion.V0_8_EXP;
            FcosLevel fcos = minor <= 13 ? FcosLevel.V1_3 : minor <= 18 ? FcosLevel.V1_5
                    : minor <= 21 ? FcosLevel.V1_6 : FcosLevel.V1_7;
            String version = "4." + minor + ".0" + (minor == 23 ? "-experimental" : "");
            register(new Target("openshift", version, base, fcos, minor));
        }
        plain("r4e", "1.0.0", BaseVersion.V0_4);
        plain("r4e", "1.1.0", BaseVersion.V0_5);
        plain("r4e", "1.2.0-experimental", BaseVersion.V0_8_EXP);
        plain("fiot", "1.0.0", BaseVersion.V0_5);
        plain("fiot", "1.1.0-experimental", BaseVersion.V0_8_EXP);
    }

    private static void fcos(String version, BaseVersion base, FcosLevel level) {
        register(new Target("fcos", version, base, level, 0));
    }

    private static void plain(String variant, String version, BaseVersion base) {
        register(new Target(variant, version, base, null, 0));
    }

    private static void register(Target target) {
        REGISTRY.put(target.variant + "+" + target.version, target);
    }

    static Optional<Target> lookup(String variant, String version) {
        return Optional.ofNullable(REGISTRY.get(variant + "+" + version));
    }

    static boolean knownVariant(String variant) {
        return REGISTRY.values().stream().anyMatch(t -> t.variant.equals(variant));
    }

    static List<String> versionsOf(String variant) {
        return REGISTRY.values().stream().filter(t -> t.variant.equals(variant)).map(Target::version).toList();
    }

    boolean openshift() {
        return openshiftMinor > 0;
    }

    /** The keys this variant and version know. */
    Shape.Struct root() {
        return ROOTS.computeIfAbsent(this, Target::buildRoot);
    }

    private Shape.Struct buildRoot() {
        Shape.Struct root = fcos == null ? BaseSchema.root(base) : FcosSugar.root(fcos, base);
        if (!openshift()) {
            return root;
        }
        return root.with(
                new Shape.Field("metadata", null, struct("Metadata")
                        .butaneOnly("name", STRING)
                        .butaneOnly("labels", new Shape.StringMap()).build()),
                new Shape.Field("openshift", null, struct("OpenShift")
                        .butaneOnly("kernel_arguments", new Shape.ListOf(STRING))
                        .butaneOnly("extensions", new Shape.ListOf(STRING))
                        .butaneOnly("fips", BOOL)
                        .butaneOnly("kernel_type", STRING).build()));
    }
}
