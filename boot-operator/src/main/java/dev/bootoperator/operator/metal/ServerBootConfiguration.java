package dev.bootoperator.operator.metal;

import dev.bootoperator.operator.BootConfigStatus;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * {@code metal.ironcore.dev/v1alpha1 ServerBootConfiguration}: "boot this Server with this image and this
 * Ignition". metal-operator owns the spec; the boot operator writes only its status, which has the same
 * shape as a boot config's ({@link BootConfigStatus}: state and conditions).
 */
@Group(Server.GROUP)
@Version(Server.VERSION)
@Kind("ServerBootConfiguration")
@Plural("serverbootconfigurations")
@Singular("serverbootconfiguration")
@AdditionalPrinterColumn(name = "ServerRef", jsonPath = ".spec.serverRef.name", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Image", jsonPath = ".spec.image", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "IgnitionRef", jsonPath = ".spec.ignitionSecretRef.name", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "State", jsonPath = ".status.state", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ServerBootConfiguration extends CustomResource<ServerBootConfigurationSpec, BootConfigStatus>
        implements Namespaced {
    private static final long serialVersionUID = 1L;
}
