package dev.bootoperator.servlet;

import dev.bootoperator.oci.DockerConfigCredentials;
import dev.bootoperator.oci.ImageReference;
import dev.bootoperator.oci.RegistryPolicy;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Function;

/**
 * {@link BootServlets} configured from named settings, as a WAR or a plain-Java launcher reads them: servlet
 * context init parameters, environment variables, a properties file. The same names serve every source:
 *
 * <table>
 *   <caption>settings</caption>
 *   <tr><td>{@value #CONFIG_DIR}</td><td>the directory of YAML manifests (required)</td></tr>
 *   <tr><td>{@value #IPXE_SERVICE_URL}</td><td>URL machines reach the boot endpoints at</td></tr>
 *   <tr><td>{@value #IPXE_TEMPLATE}</td><td>an iPXE boot-script template file</td></tr>
 *   <tr><td>{@value #IMAGE_SERVER_URL}</td><td>URL machines reach the image proxy at</td></tr>
 *   <tr><td>{@value #DEFAULT_HTTPBOOT_UKI_URL}</td><td>the default UKI URL</td></tr>
 *   <tr><td>{@value #DEFAULT_HTTPBOOT_OCI_IMAGE}</td><td>the image whose UKI layer is the default UKI</td></tr>
 *   <tr><td>{@value #ARCHITECTURE}</td><td>{@code amd64} (default) or {@code arm64}</td></tr>
 *   <tr><td>{@value #ALLOWED_REGISTRIES}, {@value #INSECURE_REGISTRIES}</td><td>comma-separated registries</td></tr>
 *   <tr><td>{@value #REGISTRY_CONFIG}</td><td>a Docker {@code config.json} with credentials</td></tr>
 *   <tr><td>{@value #IMAGE_CACHE_DIR}, {@value #IMAGE_CACHE_MAX_BYTES}</td><td>the blob cache ({@code 10Gi})</td></tr>
 * </table>
 *
 * <pre>{@code
 * Function<String, String> settings = BootSettings.firstOf(List.of(context::getInitParameter, System::getenv));
 * BootServlets boot = BootSettings.builder(settings).build();
 * }</pre>
 */
public final class BootSettings {
    public static final String CONFIG_DIR = "BOOT_CONFIG_DIR";
    public static final String IPXE_SERVICE_URL = "BOOT_IPXE_SERVICE_URL";
    public static final String IPXE_TEMPLATE = "BOOT_IPXE_TEMPLATE";
    public static final String IMAGE_SERVER_URL = "BOOT_IMAGE_SERVER_URL";
    public static final String DEFAULT_HTTPBOOT_UKI_URL = "BOOT_DEFAULT_HTTPBOOT_UKI_URL";
    public static final String DEFAULT_HTTPBOOT_OCI_IMAGE = "BOOT_DEFAULT_HTTPBOOT_OCI_IMAGE";
    public static final String ARCHITECTURE = "BOOT_ARCHITECTURE";
    public static final String ALLOWED_REGISTRIES = "BOOT_ALLOWED_REGISTRIES";
    public static final String INSECURE_REGISTRIES = "BOOT_INSECURE_REGISTRIES";
    public static final String REGISTRY_CONFIG = "BOOT_REGISTRY_CONFIG";
    public static final String IMAGE_CACHE_DIR = "BOOT_IMAGE_CACHE_DIR";
    public static final String IMAGE_CACHE_MAX_BYTES = "BOOT_IMAGE_CACHE_MAX_BYTES";
    /** Names a properties file with more settings, the last source consulted. */
    public static final String CONFIG_FILE = "BOOT_CONFIG_FILE";

    private BootSettings() {
    }

    /**
     * A builder with every setting {@code lookup} has (a lookup answers null or blank for "not set").
     *
     * @throws IllegalArgumentException naming the setting that is missing or malformed
     */
    public static BootServlets.Builder builder(Function<String, String> lookup) {
        BootServlets.Builder b = BootServlets.builder();
        String dir = get(lookup, CONFIG_DIR);
        if (dir == null) {
            throw new IllegalArgumentException(CONFIG_DIR + " is not set: the directory of boot-config YAML manifests");
        }
        Path configDir = Path.of(dir);
        if (!Files.isDirectory(configDir)) {
            throw new IllegalArgumentException(CONFIG_DIR + "=" + dir + " is not a directory");
        }
        b.configDirectory(configDir);
        b.ipxeServiceUrl(get(lookup, IPXE_SERVICE_URL));
        String template = get(lookup, IPXE_TEMPLATE);
        if (template != null) {
            b.ipxeTemplate(Path.of(template));
        }
        b.imageServerUrl(get(lookup, IMAGE_SERVER_URL));
        b.defaultUkiUrl(get(lookup, DEFAULT_HTTPBOOT_UKI_URL));
        try {
            b.registryPolicy(RegistryPolicy.fromCsv(get(lookup, ALLOWED_REGISTRIES), get(lookup, INSECURE_REGISTRIES)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ALLOWED_REGISTRIES + "/" + INSECURE_REGISTRIES + ": " + e.getMessage(), e);
        }
        String image = get(lookup, DEFAULT_HTTPBOOT_OCI_IMAGE);
        if (image != null) {
            try {
                b.defaultUkiImage(ImageReference.parse(image));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(DEFAULT_HTTPBOOT_OCI_IMAGE + ": " + e.getMessage(), e);
            }
        }
        String arch = get(lookup, ARCHITECTURE);
        if (arch != null) {
            b.architecture(arch);
        }
        String credentials = get(lookup, REGISTRY_CONFIG);
        if (credentials != null) {
            try {
                b.registryCredentials(DockerConfigCredentials.load(Path.of(credentials)));
            } catch (IOException e) {
                throw new IllegalArgumentException(REGISTRY_CONFIG + ": " + e.getMessage(), e);
            }
        }
        String cacheDir = get(lookup, IMAGE_CACHE_DIR);
        String maxBytes = get(lookup, IMAGE_CACHE_MAX_BYTES);
        if (cacheDir != null || maxBytes != null) {
            long bound;
            try {
                bound = maxBytes == null ? 10L << 30 : parseByteSize(maxBytes);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(IMAGE_CACHE_MAX_BYTES + ": " + e.getMessage(), e);
            }
            b.imageCache(cacheDir == null ? Path.of(System.getProperty("java.io.tmpdir"), "boot-operator-image-cache")
                    : Path.of(cacheDir), bound);
        }
        return b;
    }

    /** The first source with a non-blank value for each name. */
    public static Function<String, String> firstOf(List<Function<String, String>> sources) {
        List<Function<String, String>> copy = List.copyOf(sources);
        return name -> {
            for (Function<String, String> source : copy) {
                String v = source.apply(name);
                if (v != null && !v.isBlank()) {
                    return v.trim();
                }
            }
            return null;
        };
    }

    /** The settings in a properties file (UTF-8). */
    public static Function<String, String> propertiesFile(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p::getProperty;
    }

    /** {@code 1048576}, {@code 512Mi}, {@code 10Gi}, {@code 2Ti}. */
    public static long parseByteSize(String value) {
        Objects.requireNonNull(value, "value");
        String v = value.trim();
        long unit = 1;
        String[] suffixes = {"Ki", "Mi", "Gi", "Ti"};
        for (int i = 0; i < suffixes.length; i++) {
            if (v.endsWith(suffixes[i])) {
                unit = 1L << (10 * (i + 1));
                v = v.substring(0, v.length() - 2).trim();
                break;
            }
        }
        if (v.isEmpty() || v.length() > 18 || !v.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("'" + value + "' is not a size: want bytes, or a number with Ki, Mi, Gi or Ti");
        }
        long n = Long.parseLong(v);
        if (n > Long.MAX_VALUE / unit) {
            throw new IllegalArgumentException("'" + value + "' is too large");
        }
        return n * unit;
    }

    private static String get(Function<String, String> lookup, String name) {
        String v = lookup.apply(name);
        return v == null || v.isBlank() ? null : v.trim();
    }
}
