package dev.bootoperator.operator.bootctl;

import java.util.Optional;

/**
 * Options of {@code bootctl move}, as upstream's flags.
 *
 * @param namespace     only this namespace; empty means all namespaces
 * @param requireOwners fail (before changing anything) when a boot config's owner ServerBootConfiguration
 *                      is missing on the target, instead of dropping the owner reference
 * @param dryRun        plan only: read both clusters, change nothing
 */
public record MoveOptions(Optional<String> namespace, boolean requireOwners, boolean dryRun) {

    public MoveOptions {
        namespace = namespace.filter(ns -> !ns.isBlank());
    }

    /** All namespaces, owners not required, for real. */
    public static MoveOptions defaults() {
        return new MoveOptions(Optional.empty(), false, false);
    }

    public MoveOptions inNamespace(String ns) {
        return new MoveOptions(Optional.of(ns), requireOwners, dryRun);
    }

    public MoveOptions withRequireOwners(boolean value) {
        return new MoveOptions(namespace, value, dryRun);
    }

    public MoveOptions withDryRun(boolean value) {
        return new MoveOptions(namespace, requireOwners, value);
    }
}
