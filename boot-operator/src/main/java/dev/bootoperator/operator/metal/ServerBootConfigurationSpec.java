package dev.bootoperator.operator.metal;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bootoperator.operator.SecretRef;
import dev.bootoperator.operator.UnknownFields;

/** Desired state of a {@link ServerBootConfiguration}: which server boots which OS image with which Ignition. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServerBootConfigurationSpec extends UnknownFields {
    /** {@code spec.bootMethod} asking for an iPXE boot. */
    public static final String BOOT_METHOD_PXE = "PXE";
    /** {@code spec.bootMethod} asking for a UEFI HTTP boot. */
    public static final String BOOT_METHOD_HTTP = "HTTPBoot";

    private SecretRef serverRef;
    private String image;
    private SecretRef ignitionSecretRef;
    private String bootMethod;
    private String bootMode;

    /** The Server (cluster-scoped) by name. */
    public SecretRef getServerRef() {
        return serverRef;
    }

    public void setServerRef(SecretRef serverRef) {
        this.serverRef = serverRef;
    }

    /** The OS image, an OCI reference such as {@code ghcr.io/gardenlinux/gardenlinux:1877.0}. */
    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public SecretRef getIgnitionSecretRef() {
        return ignitionSecretRef;
    }

    public void setIgnitionSecretRef(SecretRef ignitionSecretRef) {
        this.ignitionSecretRef = ignitionSecretRef;
    }

    /** {@value #BOOT_METHOD_PXE} or {@value #BOOT_METHOD_HTTP}; absent means both. */
    public String getBootMethod() {
        return bootMethod;
    }

    public void setBootMethod(String bootMethod) {
        this.bootMethod = bootMethod;
    }

    /** {@code Once} or {@code Continuous}; read by metal-operator, carried here unchanged. */
    public String getBootMode() {
        return bootMode;
    }

    public void setBootMode(String bootMode) {
        this.bootMode = bootMode;
    }
}
