package dev.bootoperator.operator;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Desired state of an {@link HTTPBootConfig}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class HTTPBootConfigSpec extends UnknownFields {
    @JsonProperty("systemUUID")
    @JsonPropertyDescription("SystemUUID is the unique identifier (UUID) of the server.")
    private String systemUUID;

    @JsonProperty("networkIdentifiers")
    @JsonPropertyDescription("NetworkIdentifiers is a list of IP addresses and MAC Addresses assigned to the server.")
    private List<String> networkIdentifiers = new ArrayList<>();

    @JsonProperty("ukiURL")
    @JsonPropertyDescription("UKIURL is the URL where the UKI (Unified Kernel Image) is hosted.")
    private String ukiURL;

    @JsonProperty("ignitionSecretRef")
    @JsonPropertyDescription("IgnitionSecretRef is a reference to the secret containing Ignition configuration.")
    private SecretRef ignitionSecretRef;

    public String getSystemUUID() {
        return systemUUID;
    }

    public void setSystemUUID(String systemUUID) {
        this.systemUUID = systemUUID;
    }

    public List<String> getNetworkIdentifiers() {
        return networkIdentifiers;
    }

    public void setNetworkIdentifiers(List<String> networkIdentifiers) {
        this.networkIdentifiers = networkIdentifiers == null ? new ArrayList<>() : networkIdentifiers;
    }

    public String getUkiURL() {
        return ukiURL;
    }

    public void setUkiURL(String ukiURL) {
        this.ukiURL = ukiURL;
    }

    public SecretRef getIgnitionSecretRef() {
        return ignitionSecretRef;
    }

    public void setIgnitionSecretRef(SecretRef ignitionSecretRef) {
        this.ignitionSecretRef = ignitionSecretRef;
    }
}
