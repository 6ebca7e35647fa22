package dev.bootoperator.oci;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bootoperator.oci.json.DockerConfigJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Registry credentials from a Docker {@code config.json} ({@code --registry-config}): {@code auths.<host>.auth}
 * (base64 of {@code user:password}) or {@code auths.<host>.username} and {@code password}. Host keys are
 * reduced to a canonical registry, so {@code https://index.docker.io/v1/} is {@code docker.io} and
 * {@code http://127.0.0.1:5000/v2/} is {@code 127.0.0.1:5000}. Credential helpers ({@code credsStore},
 * {@code credHelpers}) and identity tokens are not supported.
 *
 * <pre>{@code
 * DockerConfigCredentials creds = DockerConfigCredentials.load(Path.of("/etc/boot-operator/config.json"));
 * creds.forRegistry("ghcr.io"); // Optional[RegistryCredentials[username=robot, password=***]]
 * }</pre>
 */
public final class DockerConfigCredentials {
    private static final int MAX_CONFIG_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Map<String, RegistryCredentials> byRegistry;

    private DockerConfigCredentials(Map<String, RegistryCredentials> byRegistry) {
        this.byRegistry = Collections.unmodifiableMap(byRegistry);
    }

    /** No credentials: every registry is accessed anonymously. */
    public static DockerConfigCredentials none() {
        return new DockerConfigCredentials(Map.of());
    }

    /** Credentials given in code, keyed by registry. */
    public static DockerConfigCredentials of(Map<String, RegistryCredentials> byRegistry) {
        Map<String, RegistryCredentials> map = new LinkedHashMap<>();
        byRegistry.forEach((registry, credentials) ->
                map.put(ImageReference.canonicalRegistry(registry), Objects.requireNonNull(credentials, registry)));
        return new DockerConfigCredentials(map);
    }

    /**
     * Reads {@code configJson}.
     *
     * @throws NoSuchFileException naming the file when it does not exist
     * @throws IOException naming the file and the entry when it is not a readable Docker config
     */
    public static DockerConfigCredentials load(Path configJson) throws IOException {
        Objects.requireNonNull(configJson, "configJson");
        if (!Files.isRegularFile(configJson)) {
            throw new NoSuchFileException(configJson.toString(), null,
                    "registry credentials file (--registry-config) does not exist or is not a file");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(configJson)) {
            bytes = in.readNBytes(MAX_CONFIG_BYTES + 1);
        }
        if (bytes.length > MAX_CONFIG_BYTES) {
            throw new IOException(configJson + ": larger than " + MAX_CONFIG_BYTES + " bytes; not a Docker config.json");
        }
        DockerConfigJson config;
        try {
            config = JSON.readValue(bytes, DockerConfigJson.class);
        } catch (JacksonException e) {
            throw new IOException(configJson + ": not a Docker config.json: " + e.getOriginalMessage(), e);
        }
        Map<String, RegistryCredentials> map = new LinkedHashMap<>();
        if (config != null && config.auths() != null) {
            for (var entry : config.auths().entrySet()) {
                String where = configJson + ": auths." + entry.getKey();
                String registry;
                try {
                    registry = registryOf(entry.getKey());
                } catch (IllegalArgumentException e) {
                    throw new IOException(where + ": not a registry host", e);
                }
                credentials(entry.getValue(), where).ifPresent(c -> map.put(registry, c));
            }
        }
        return new DockerConfigCredentials(map);
    }

    public Optional<RegistryCredentials> forRegistry(String registry) {
        return Optional.ofNullable(byRegistry.get(ImageReference.canonicalRegistry(registry)));
    }

    /** The registries that have credentials, canonical. */
    public java.util.Set<String> registries() {
        return byRegistry.keySet();
    }

    @Override
    public String toString() {
        return "DockerConfigCredentials" + byRegistry.keySet();
    }

    /** {@code https://index.docker.io/v1/} → {@code docker.io}; {@code http://host:5000/v2/} → {@code host:5000}. */
    static String registryOf(String key) {
        String host = key.trim();
        int scheme = host.indexOf("://");
        if (scheme >= 0) {
            host = host.substring(scheme + 3);
        }
        int slash = host.indexOf('/');
        if (slash >= 0) {
            host = host.substring(0, slash);
        }
        return ImageReference.canonicalRegistry(host.toLowerCase(Locale.ROOT));
    }

    private static Optional<RegistryCredentials> credentials(DockerConfigJson.AuthJson auth, String where)
            throws IOException {
        if (auth == null) {
            return Optional.empty();
        }
        if (auth.auth() != null && !auth.auth().isBlank()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.auth().trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new IOException(where + ".auth: not base64", e);
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new IOException(where + ".auth: the decoded value is not user:password");
            }
            return Optional.of(new RegistryCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
        }
        if (auth.username() != null && !auth.username().isEmpty()) {
            if (auth.password() == null) {
                throw new IOException(where + ": username without password");
            }
            return Optional.of(new RegistryCredentials(auth.username(), auth.password()));
        }
        return Optional.empty();
    }
}
