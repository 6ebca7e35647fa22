package dev.bootoperator.store;

import dev.bootoperator.config.BootResource;
import dev.bootoperator.config.HttpBootConfig;
import dev.bootoperator.config.IpxeBootConfig;
import dev.bootoperator.config.ObjectKey;
import dev.bootoperator.config.Secret;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where boot configs come from: the SPI every request path reads. Implementations answer from an index
 * in memory (a hash lookup, never a scan per request) and never expose a half-applied update.
 *
 * <p>Identifiers are compared in canonical form: UUIDs ignore case, MAC addresses ignore notation
 * ({@code AA-BB-CC-DD-EE-FF}, {@code aabb.ccdd.eeff} and {@code aa:bb:cc:dd:ee:ff} are one MAC).
 * Lists are ordered by {@link ObjectKey} so that callers choose deterministically.
 *
 * <p>Built in: {@link InMemoryBootConfigStore} (programmatic) and {@link DirectoryBootConfigStore}
 * (a directory of YAML manifests, hot-reloaded).
 */
public interface BootConfigStore {

    /** iPXE boot configs whose {@code spec.systemUUID} is this UUID, in any case. */
    List<IpxeBootConfig> ipxeConfigsBySystemUuid(String systemUuid);

    /** iPXE boot configs that list this IP address in {@code spec.systemIPs}. */
    List<IpxeBootConfig> ipxeConfigsBySystemIp(String ip);

    /** HTTP boot configs whose {@code spec.systemUUID} is this UUID, in any case. */
    List<HttpBootConfig> httpConfigsBySystemUuid(String systemUuid);

    /** HTTP boot configs that list this IP or MAC address in {@code spec.networkIdentifiers}. */
    List<HttpBootConfig> httpConfigsByNetworkIdentifier(String ipOrMac);

    /** A secret by namespace and name. */
    Optional<Secret> secret(ObjectKey key);

    /** Every resource the store holds, for listing. */
    Collection<BootResource> all();

    /** Whether the store has completed its initial load and can answer. */
    default boolean ready() {
        return true;
    }
}
