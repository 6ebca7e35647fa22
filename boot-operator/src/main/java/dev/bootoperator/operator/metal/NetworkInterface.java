package dev.bootoperator.operator.metal;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bootoperator.operator.UnknownFields;
import java.util.ArrayList;
import java.util.List;

/** One entry of {@code Server.status.networkInterfaces}: the addresses the boot configs match on. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class NetworkInterface extends UnknownFields {
    private String name;
    private String ip;
    private List<String> ips = new ArrayList<>();
    private String macAddress;

    public NetworkInterface() {}

    public NetworkInterface(String name, String ip, String macAddress) {
        this.name = name;
        this.ip = ip;
        this.macAddress = macAddress;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    /** The interface's address (upstream's older single-address field). */
    public String getIp() {
        return ip;
    }

    public void setIp(String ip) {
        this.ip = ip;
    }

    /** All addresses of the interface. */
    public List<String> getIps() {
        return ips;
    }

    public void setIps(List<String> ips) {
        this.ips = ips == null ? new ArrayList<>() : ips;
    }

    public String getMacAddress() {
        return macAddress;
    }

    public void setMacAddress(String macAddress) {
        this.macAddress = macAddress;
    }
}
