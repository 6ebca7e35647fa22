package dev.bootoperator.operator.metal;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * {@code metal.ironcore.dev/v1alpha1 Server} (cluster-scoped), read only: a bare-metal machine, its
 * SMBIOS UUID, its NICs and which ServerBootConfiguration applies to it now.
 */
@Group(Server.GROUP)
@Version(Server.VERSION)
@Kind("Server")
@Plural("servers")
@Singular("server")
@AdditionalPrinterColumn(name = "SystemUUID", jsonPath = ".spec.systemUUID", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "State", jsonPath = ".status.state", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Server extends CustomResource<ServerSpec, ServerStatus> {
    private static final long serialVersionUID = 1L;

    /** API group of metal-operator's resources. */
    public static final String GROUP = "metal.ironcore.dev";
    /** API version. */
    public static final String VERSION = "v1alpha1";

    /** Whether the server is in maintenance, so its maintenance boot configuration applies. */
    public boolean inMaintenance() {
        return getStatus() != null && ServerStatus.MAINTENANCE.equals(getStatus().getState());
    }
}
