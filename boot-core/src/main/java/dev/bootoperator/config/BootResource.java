package dev.bootoperator.config;

/** One object a store holds: an iPXE boot config, an HTTP boot config or a secret. */
public sealed interface BootResource permits IpxeBootConfig, HttpBootConfig, Secret {
    /** The object's namespace and name. */
    ObjectKey key();

    /** The upstream {@code kind}, e.g. {@code IPXEBootConfig}. */
    String kind();
}
