package dev.bootoperator.oci;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which registries the server may pull from, and which of them speak plain http. Checked before any request,
 * so a refused image never causes network traffic.
 *
 * <ul>
 *   <li>{@code --allowed-registries} is a CSV of {@code host[:port]}; empty means only {@code ghcr.io}.</li>
 *   <li>{@code --insecure-registries} lists registries reached over http instead of https. Listing a registry
 *       there does not allow it: it must be in the allowlist too.</li>
 *   <li>Names are compared in canonical form, so {@code index.docker.io} allows {@code docker.io} images.</li>
 * </ul>
 *
 * <pre>{@code
 * RegistryPolicy policy = RegistryPolicy.fromCsv("ghcr.io,127.0.0.1:5000", "127.0.0.1:5000");
 * policy.check(ImageReference.parse("quay.io/x/y:1")); // RegistryNotAllowedException naming quay.io
 * policy.scheme("127.0.0.1:5000");                      // "http"
 * }</pre>
 */
public final class RegistryPolicy {
    public static final String DEFAULT_REGISTRY = "ghcr.io";

    private final Set<String> allowed;
    private final Set<String> insecure;

    private RegistryPolicy(Set<String> allowed, Set<String> insecure) {
        this.allowed = allowed;
        this.insecure = insecure;
    }

    /** Only {@code ghcr.io}, over https. */
    public static RegistryPolicy defaults() {
        return of(List.of(), List.of());
    }

    /**
     * From the two flags' CSV values; null or blank means empty.
     *
     * @throws IllegalArgumentException naming the entry that is not {@code host[:port]}
     */
    public static RegistryPolicy fromCsv(String allowedRegistries, String insecureRegistries) {
        return of(csv(allowedRegistries), csv(insecureRegistries));
    }

    /** From lists of {@code host[:port]}; an empty allowlist means only {@code ghcr.io}. */
    public static RegistryPolicy of(Collection<String> allowedRegistries, Collection<String> insecureRegistries) {
        Set<String> allowed = canonical(allowedRegistries, "--allowed-registries");
        if (allowed.isEmpty()) {
            allowed = Set.of(DEFAULT_REGISTRY);
        }
        return new RegistryPolicy(Collections.unmodifiableSet(allowed),
                Collections.unmodifiableSet(canonical(insecureRegistries, "--insecure-registries")));
    }

    /** Refuses an image whose registry is not allowed, naming the registry, the image and the allowlist. */
    public void check(ImageReference image) throws RegistryNotAllowedException {
        if (!allows(image.registry())) {
            String hint = insecure.contains(image.registry())
                    ? " (it is listed in --insecure-registries, which chooses http but does not allow it)"
                    : "";
            throw new RegistryNotAllowedException(image.registry(), "registry " + image.registry()
                    + " is not allowed for image " + image + "; allowed: " + String.join(",", allowed)
                    + " (--allowed-registries)" + hint);
        }
    }

    public boolean allows(String registry) {
        return allowed.contains(ImageReference.canonicalRegistry(registry));
    }

    public boolean isInsecure(String registry) {
        return insecure.contains(ImageReference.canonicalRegistry(registry));
    }

    /** {@code http} for an insecure registry, else {@code https}. */
    public String scheme(String registry) {
        return isInsecure(registry) ? "http" : "https";
    }

    /** The allowed registries in canonical form, in the order given. */
    public Set<String> allowed() {
        return allowed;
    }

    public Set<String> insecure() {
        return insecure;
    }

    /** Policies are equal when they allow the same registries and reach the same ones over plain http. */
    @Override
    public boolean equals(Object o) {
        return o instanceof RegistryPolicy other && allowed.equals(other.allowed) && insecure.equals(other.insecure);
    }

    @Override
    public int hashCode() {
        return 31 * allowed.hashCode() + insecure.hashCode();
    }

    @Override
    public String toString() {
        return "RegistryPolicy[allowed=" + allowed + ", insecure=" + insecure + "]";
    }

    private static List<String> csv(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static Set<String> canonical(Collection<String> registries, String flag) {
        Objects.requireNonNull(registries, flag);
        Set<String> result = new LinkedHashSet<>();
        for (String entry : registries) {
            String trimmed = Objects.requireNonNull(entry, flag + " entry").trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            try {
                result.add(ImageReference.canonicalRegistry(trimmed));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(flag + ": '" + entry + "' is not a registry host[:port]", e);
            }
        }
        return result;
    }
}
