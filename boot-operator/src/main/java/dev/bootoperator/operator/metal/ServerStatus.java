package dev.bootoperator.operator.metal;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bootoperator.operator.UnknownFields;
import java.util.ArrayList;
import java.util.List;

/** The fields of {@code Server.status} the boot operator reads. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class ServerStatus extends UnknownFields {
    /** The state in which the maintenance boot configuration applies. */
    public static final String MAINTENANCE = "Maintenance";

    private String state;
    private List<NetworkInterface> networkInterfaces = new ArrayList<>();

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }

    public List<NetworkInterface> getNetworkInterfaces() {
        return networkInterfaces;
    }

    public void setNetworkInterfaces(List<NetworkInterface> networkInterfaces) {
        this.networkInterfaces = networkInterfaces == null ? new ArrayList<>() : networkInterfaces;
    }
}
