package dev.bootoperator.operator;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** {@code boot.ironcore.dev/v1alpha1 IPXEBootConfig}: how one server boots over iPXE (kernel, initrd, squashfs, Ignition). */
@Group(IPXEBootConfig.GROUP)
@Version(IPXEBootConfig.VERSION)
@Kind("IPXEBootConfig")
@Plural("ipxebootconfigs")
@Singular("ipxebootconfig")
@AdditionalPrinterColumn(name = "State", jsonPath = ".status.state", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class IPXEBootConfig extends CustomResource<IPXEBootConfigSpec, BootConfigStatus> implements Namespaced {
    private static final long serialVersionUID = 1L;

    /** API group shared by all boot-operator resources. */
    public static final String GROUP = "boot.ironcore.dev";
    /** API version of this slice of the upstream API. */
    public static final String VERSION = "v1alpha1";
}
