package dev.bootoperator.operator.metal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.bootoperator.operator.UnknownFields;

/** The fields of {@code Server.spec} the boot operator reads. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServerSpec extends UnknownFields {
    @JsonProperty("systemUUID")
    private String systemUUID;
    private ObjectReference bootConfigurationRef;
    private ObjectReference maintenanceBootConfigurationRef;

    public String getSystemUUID() {
        return systemUUID;
    }

    public void setSystemUUID(String systemUUID) {
        this.systemUUID = systemUUID;
    }

    /** The ServerBootConfiguration for the workload. */
    public ObjectReference getBootConfigurationRef() {
        return bootConfigurationRef;
    }

    public void setBootConfigurationRef(ObjectReference bootConfigurationRef) {
        this.bootConfigurationRef = bootConfigurationRef;
    }

    /** The ServerBootConfiguration used while the server is in maintenance. */
    public ObjectReference getMaintenanceBootConfigurationRef() {
        return maintenanceBootConfigurationRef;
    }

    public void setMaintenanceBootConfigurationRef(ObjectReference maintenanceBootConfigurationRef) {
        this.maintenanceBootConfigurationRef = maintenanceBootConfigurationRef;
    }
}
