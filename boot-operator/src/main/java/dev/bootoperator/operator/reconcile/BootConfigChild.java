package dev.bootoperator.operator.reconcile;

import dev.bootoperator.oci.ImageReference;
import dev.bootoperator.oci.PlatformSelector;
import dev.bootoperator.oci.RegistryException;
import dev.bootoperator.oci.ResolvedImage;
import dev.bootoperator.operator.BootConfigStatus;
import dev.bootoperator.operator.metal.Server;
import dev.bootoperator.operator.metal.ServerBootConfiguration;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.List;

/** What differs between the two children of a ServerBootConfiguration: their type and how their spec is made. */
interface BootConfigChild<C extends CustomResource<?, BootConfigStatus> & Namespaced> {
    Class<C> type();

    BootMethod method();

    /** The spec fields the controller writes; every other field of the child is left as it is. */
    List<String> ownedSpecFields();

    /**
     * Which manifest of an image index this child's layers come from, given the operator's (PXE: cname
     * {@code metal_pxe} first, then the platform).
     */
    default PlatformSelector platform(PlatformSelector configured) {
        return configured;
    }

    /**
     * The child's spec (an object of its spec class) for this ServerBootConfiguration.
     *
     * @throws RegistryException when the image lacks a layer the child needs
     */
    Object desiredSpec(ServerBootConfiguration sbc, Server server, ImageReference image, ResolvedImage resolved)
            throws RegistryException;
}
