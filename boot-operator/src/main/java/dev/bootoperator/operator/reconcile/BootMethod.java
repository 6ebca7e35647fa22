package dev.bootoperator.operator.reconcile;

import dev.bootoperator.operator.metal.ServerBootConfigurationSpec;
import dev.bootoperator.operator.metal.ServerBootConfiguration;
import java.util.Optional;

/** The two ways a ServerBootConfiguration is served, each by its own child resource and controller. */
enum BootMethod {
    PXE(ServerBootConfigurationSpec.BOOT_METHOD_PXE, "IPXEBootConfig", "--ipxe-service-url"),
    HTTP(ServerBootConfigurationSpec.BOOT_METHOD_HTTP, "HTTPBootConfig", "--image-server-url");

    private final String specValue;
    private final String childKind;
    private final String urlFlag;

    BootMethod(String specValue, String childKind, String urlFlag) {
        this.specValue = specValue;
        this.childKind = childKind;
        this.urlFlag = urlFlag;
    }

    /** The operator flag whose URL this method's child is built on. */
    String urlFlag() {
        return urlFlag;
    }

    /** That URL in {@code settings}; blank when the operator runs without it. */
    String configuredUrl(ControllerSettings settings) {
        return this == PXE ? settings.ipxeServiceUrl() : settings.imageServerUrl();
    }

    BootMethod other() {
        return this == PXE ? HTTP : PXE;
    }

    /** The {@code spec.bootMethod} value asking for this method. */
    String specValue() {
        return specValue;
    }

    /** The kind of the child resource; also the prefix of this side's {@code ImageValidation} message. */
    String childKind() {
        return childKind;
    }

    /**
     * Whether {@code sbc} gets this method's child: always as upstream, or with {@code --honor-boot-method} when
     * {@code spec.bootMethod} names this method or is empty.
     */
    boolean wantedBy(ServerBootConfiguration sbc, boolean honorBootMethod) {
        if (!honorBootMethod) {
            return true;
        }
        String asked = sbc.getSpec() == null ? null : sbc.getSpec().getBootMethod();
        return asked == null || asked.isBlank() || asked.equals(specValue);
    }

    /** The method whose {@code ImageValidation} message this is, by its prefix. */
    static Optional<BootMethod> ofMessage(String message) {
        for (BootMethod method : values()) {
            if (message != null && message.startsWith(method.childKind + ": ")) {
                return Optional.of(method);
            }
        }
        return Optional.empty();
    }
}
