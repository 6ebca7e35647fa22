package dev.bootoperator.operator;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** Desired state of an {@link IPXEBootConfig}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class IPXEBootConfigSpec extends UnknownFields {
    @JsonProperty("systemUUID")
    @JsonPropertyDescription("SystemUUID is the unique identifier (UUID) of the server.")
    private String systemUUID;

    @JsonProperty("systemIPs")
    @JsonPropertyDescription("SystemIPs is a list of IP addresses assigned to the server.")
    private List<String> systemIPs = new ArrayList<>();

    @JsonPropertyDescription("Image is deprecated and will be removed.")
    private String image;

    @JsonProperty("kernelURL")
    @JsonPropertyDescription("KernelURL is the URL where the kernel of the OS is hosted.")
    @Required
    @Size(min = 1)
    private String kernelURL;

    @JsonProperty("initrdURL")
    @JsonPropertyDescription("InitrdURL is the URL where the Initrd (initial RAM disk) of the OS is hosted.")
    @Required
    @Size(min = 1)
    private String initrdURL;

    @JsonProperty("squashfsURL")
    @JsonPropertyDescription("SquashfsURL is the URL where the Squashfs of the OS is hosted.")
    private String squashfsURL;

    @JsonProperty("ipxeServerURL")
    @JsonPropertyDescription("IPXEServerURL is deprecated and will be removed.")
    private String ipxeServerURL;

    @JsonProperty("ignitionSecretRef")
    @JsonPropertyDescription("IgnitionSecretRef is a reference to the secret containing the Ignition configuration.")
    private SecretRef ignitionSecretRef;

    @JsonProperty("ipxeScriptSecretRef")
    @JsonPropertyDescription("IPXEScriptSecretRef is a reference to the secret containing the custom IPXE script.")
    private SecretRef ipxeScriptSecretRef;

    public String getSystemUUID() {
        return systemUUID;
    }

    public void setSystemUUID(String systemUUID) {
        this.systemUUID = systemUUID;
    }

    public List<String> getSystemIPs() {
        return systemIPs;
    }

    public void setSystemIPs(List<String> systemIPs) {
        this.systemIPs = systemIPs == null ? new ArrayList<>() : systemIPs;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public String getKernelURL() {
        return kernelURL;
    }

    public void setKernelURL(String kernelURL) {
        this.kernelURL = kernelURL;
    }

    public String getInitrdURL() {
        return initrdURL;
    }

    public void setInitrdURL(String initrdURL) {
        this.initrdURL = initrdURL;
    }

    public String getSquashfsURL() {
        return squashfsURL;
    }

    public void setSquashfsURL(String squashfsURL) {
        this.squashfsURL = squashfsURL;
    }

    public String getIpxeServerURL() {
        return ipxeServerURL;
    }

    public void setIpxeServerURL(String ipxeServerURL) {
        this.ipxeServerURL = ipxeServerURL;
    }

    public SecretRef getIgnitionSecretRef() {
        return ignitionSecretRef;
    }

    public void setIgnitionSecretRef(SecretRef ignitionSecretRef) {
        this.ignitionSecretRef = ignitionSecretRef;
    }

    public SecretRef getIpxeScriptSecretRef() {
        return ipxeScriptSecretRef;
    }

    public void setIpxeScriptSecretRef(SecretRef ipxeScriptSecretRef) {
        this.ipxeScriptSecretRef = ipxeScriptSecretRef;
    }
}
