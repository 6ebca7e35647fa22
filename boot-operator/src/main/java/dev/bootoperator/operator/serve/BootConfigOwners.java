package dev.bootoperator.operator.serve;

import dev.bootoperator.config.ObjectKey;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.Optional;

/**
 * Which ServerBootConfiguration owns a boot config: the boot-core records carry no owner references, so
 * whoever holds the Kubernetes objects answers this from its cache. Owner references are namespace-local:
 * the owner lives in the config's namespace.
 */
@FunctionalInterface
public interface BootConfigOwners {
    /** The owner reference of kind {@code ServerBootConfiguration} on the config {@code kind} {@code key}, if any. */
    Optional<OwnerReference> serverBootConfiguration(String kind, ObjectKey key);
}
