package dev.bootoperator.oci;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A parsed image reference in the Docker grammar: {@code [registry[:port]/]path/name[:tag][@sha256:hex]}.
 *
 * <ul>
 *   <li>The first path component is the registry when it contains a {@code .} or a {@code :}, is
 *       {@code localhost}, or has an upper-case letter; otherwise the image is on Docker Hub.</li>
 *   <li>Docker Hub is {@code docker.io}, whatever alias was written ({@code index.docker.io},
 *       {@code registry-1.docker.io}); its one-component names get {@code library/}. The API is served by
 *       {@link #apiHost()} {@code registry-1.docker.io}.</li>
 *   <li>Without a tag or a digest the tag is {@code latest}. With both, the digest decides.</li>
 * </ul>
 *
 * <pre>{@code
 * ImageReference.parse("alpine")                       // docker.io/library/alpine:latest
 * ImageReference.parse("127.0.0.1:5000/boot/os:1.0")   // registry 127.0.0.1:5000, repository boot/os, tag 1.0
 * ImageReference.parse("ghcr.io/gardenlinux/gardenlinux@sha256:9f86…") // digest only
 * }</pre>
 *
 * @param registry   the canonical registry: lower case, with its port, {@code docker.io} for Docker Hub
 * @param repository the path within the registry, e.g. {@code library/alpine}
 * @param tag        the tag; empty only when a digest is given instead
 * @param digest     the manifest digest, when the reference pins one
 */
public record ImageReference(String registry, String repository, Optional<String> tag, Optional<Digest> digest) {
    public static final String DOCKER_HUB = "docker.io";
    public static final String DOCKER_HUB_API_HOST = "registry-1.docker.io";
    public static final String DEFAULT_TAG = "latest";

    private static final int MAX_NAME_LENGTH = 255;
    private static final String LABEL = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final Pattern REGISTRY = Pattern.compile(
            "(?:" + LABEL + "(?:\\." + LABEL + ")*|\\[[0-9a-fA-F:.]+])(?::([0-9]{1,5}))?");
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");

    public ImageReference {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(digest, "digest");
        registry = canonicalRegistry(registry);
        if (registry.equals(DOCKER_HUB) && !repository.isEmpty() && repository.indexOf('/') < 0) {
            repository = "library/" + repository;
        }
        if (repository.isEmpty()) {
            throw new IllegalArgumentException("empty repository in image reference for registry '" + registry + "'");
        }
        for (String component : repository.split("/", -1)) {
            if (!PATH_COMPONENT.matcher(component).matches()) {
                throw new IllegalArgumentException("invalid repository '" + repository + "': path component '"
                        + component + "' must be lower-case letters and digits, separated by '.', '_', '__' or '-'");
            }
        }
        if (tag.isPresent() && !TAG.matcher(tag.get()).matches()) {
            throw new IllegalArgumentException("invalid tag '" + tag.get()
                    + "': want up to 128 of [A-Za-z0-9_.-], not starting with '.' or '-'");
        }
        if (tag.isEmpty() && digest.isEmpty()) {
            tag = Optional.of(DEFAULT_TAG);
        }
        if (registry.length() + 1 + repository.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("image name '" + registry + "/" + repository + "' is longer than "
                    + MAX_NAME_LENGTH + " characters");
        }
    }

    /**
     * Parses a reference.
     *
     * @throws IllegalArgumentException quoting {@code reference} when it is malformed
     */
    public static ImageReference parse(String reference) {
        Objects.requireNonNull(reference, "reference");
        try {
            return parseStrict(reference);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid image reference '" + reference + "': " + e.getMessage(), e);
        }
    }

    /**
     * The image of upstream's query form {@code imageName=…&version=…}: {@code version} is a tag, or a digest
     * when it starts with {@code sha256:}; blank means none.
     */
    public static ImageReference of(String imageName, String version) {
        Objects.requireNonNull(imageName, "imageName");
        if (version == null || version.isBlank()) {
            return parse(imageName);
        }
        String v = version.trim();
        return parse(imageName + (v.startsWith("sha256:") ? "@" : ":") + v);
    }

    private static ImageReference parseStrict(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException("contains whitespace or a control character");
            }
        }
        String rest = text;
        Optional<Digest> digest = Optional.empty();
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Optional.of(Digest.parse(rest.substring(at + 1)));
            rest = rest.substring(0, at);
        }
        Optional<String> tag = Optional.empty();
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/') && colon > rest.lastIndexOf(']')) {
            tag = Optional.of(rest.substring(colon + 1));
            rest = rest.substring(0, colon);
            if (tag.get().isEmpty()) {
                throw new IllegalArgumentException("empty tag after ':'");
            }
        }
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("no image name");
        }
        String registry = DOCKER_HUB;
        String path = rest;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")
                    || !first.equals(first.toLowerCase(Locale.ROOT))) {
                registry = first;
                path = rest.substring(slash + 1);
            }
        }
        return new ImageReference(registry, path, tag, digest);
    }

    /**
     * The canonical form of a registry name: lower case, Docker Hub's aliases folded into {@code docker.io}.
     *
     * @throws IllegalArgumentException when {@code registry} is not {@code host[:port]}
     */
    public static String canonicalRegistry(String registry) {
        Objects.requireNonNull(registry, "registry");
        var m = REGISTRY.matcher(registry);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid registry '" + registry + "': want host[:port]");
        }
        if (m.group(1) != null) {
            int port = Integer.parseInt(m.group(1));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("invalid registry '" + registry + "': port " + port
                        + " is not within 1-65535");
            }
        }
        String lower = registry.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "index.docker.io", "registry-1.docker.io", "docker.io" -> DOCKER_HUB;
            default -> lower;
        };
    }

    /** The host (and port) serving the registry API: {@code registry-1.docker.io} for Docker Hub. */
    public String apiHost() {
        return registry.equals(DOCKER_HUB) ? DOCKER_HUB_API_HOST : registry;
    }

    /** {@code registry/repository}, without tag or digest. */
    public String name() {
        return registry + "/" + repository;
    }

    /**
     * The name as upstream writes it into URLs ({@code reference.FamiliarName}): {@link #name()}, except that Docker
     * Hub images drop {@code docker.io/} and official images {@code library/} too ({@code alpine},
     * {@code someone/os}). {@link #parse} reads it back to the same image.
     */
    public String familiarName() {
        if (!registry.equals(DOCKER_HUB)) {
            return name();
        }
        String rest = repository.startsWith("library/") ? repository.substring("library/".length()) : repository;
        return rest.indexOf('/') < 0 && !repository.equals(rest) ? rest : repository;
    }

    /** What to ask the registry's manifest endpoint for: the digest when there is one, else the tag. */
    public String manifestReference() {
        return digest.map(Digest::toString).orElseGet(tag::orElseThrow);
    }

    /** This image pinned to {@code manifestDigest}, keeping the tag for messages. */
    public ImageReference withDigest(Digest manifestDigest) {
        return new ImageReference(registry, repository, tag, Optional.of(manifestDigest));
    }

    @Override
    public String toString() {
        return name() + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
    }
}
