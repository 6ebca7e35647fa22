package dev.bootoperator.oci;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes an OCI image layout (RFC: {@code oci-layout}, {@code index.json}, {@code blobs/sha256/*}) and pushes it
 * to a registry with {@code skopeo copy --all --preserve-digests}, so the registry holds exactly these bytes.
 *
 * <pre>{@code
 * OciLayoutBuilder layout = new OciLayoutBuilder(dir);
 * Descriptor kernel = layout.blob("application/vnd.ironcore.image.kernel", bytes);
 * Descriptor amd64 = layout.manifest(List.of(kernel)).withPlatform("linux", "amd64");
 * layout.tag("1.0", layout.index(List.of(amd64)));
 * layout.push(registry, "boot/os", "1.0");
 * }</pre>
 */
public final class OciLayoutBuilder {
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A descriptor as it goes into a manifest or index. */
    public record Descriptor(String mediaType, Digest digest, long size, Map<String, String> annotations,
            Optional<Map<String, String>> platform) {

        public Descriptor withPlatform(String os, String architecture) {
            return new Descriptor(mediaType, digest, size, annotations,
                    Optional.of(Map.of("os", os, "architecture", architecture)));
        }

        public Descriptor withAnnotations(Map<String, String> extra) {
            Map<String, String> all = new LinkedHashMap<>(annotations);
            all.putAll(extra);
            return new Descriptor(mediaType, digest, size, all, platform);
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("mediaType", mediaType);
            json.put("digest", digest.toString());
            json.put("size", size);
            if (!annotations.isEmpty()) {
                json.put("annotations", annotations);
            }
            platform.ifPresent(p -> json.put("platform", p));
            return json;
        }
    }

    private final Path dir;
    private final Map<Digest, byte[]> blobs = new LinkedHashMap<>();

    public OciLayoutBuilder(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir.resolve("blobs/sha256"));
            Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    public Descriptor blob(String mediaType, byte[] content) {
        Digest digest = Digest.of(content);
        try {
            Files.write(dir.resolve("blobs/sha256").resolve(digest.hex()), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        blobs.put(digest, content);
        return new Descriptor(mediaType, digest, content.length, Map.of(), Optional.empty());
    }

    /** An image manifest over {@code layers}, with a minimal config. */
    public Descriptor manifest(List<Descriptor> layers) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architecture", "amd64");
        config.put("os", "linux");
        config.put("rootfs", Map.of("type", "layers", "diff_ids", List.of()));
        Descriptor configBlob = blob(OCI_CONFIG, json(config));
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", OCI_MANIFEST);
        manifest.put("config", configBlob.toJson());
        manifest.put("layers", layers.stream().map(Descriptor::toJson).toList());
        return blob(OCI_MANIFEST, json(manifest));
    }

    public Descriptor index(List<Descriptor> manifests) {
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", OCI_INDEX);
        index.put("manifests", manifests.stream().map(Descriptor::toJson).toList());
        return blob(OCI_INDEX, json(index));
    }

    /** Writes {@code index.json} naming {@code target} as {@code tag} (replacing earlier tags). */
    public OciLayoutBuilder tag(String tag, Descriptor target) {
        Descriptor named = target.withAnnotations(Map.of("org.opencontainers.image.ref.name", tag));
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("manifests", List.of(named.toJson()));
        try {
            Files.write(dir.resolve("index.json"), json(index));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public byte[] content(Digest digest) {
        return blobs.get(digest).clone();
    }

    /** {@code skopeo copy --all --preserve-digests oci:DIR:TAG docker://REGISTRY/REPOSITORY:TAG}. */
    public void push(LocalRegistry registry, String repository, String tag) {
        List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy", "copy", "--all",
                "--preserve-digests", "--dest-tls-verify=false", "--retry-times", "0"));
        registry.pushCredentials().ifPresent(c -> command.addAll(List.of("--dest-creds", c.username() + ":" + c.password())));
        command.add("oci:" + dir + ":" + tag);
        command.add("docker://" + registry.address() + "/" + repository + ":" + tag);
        DebianTools.exec(Duration.ofSeconds(60), command);
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
