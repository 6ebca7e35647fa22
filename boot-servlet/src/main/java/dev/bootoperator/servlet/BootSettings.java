package dev.bootoperator.servlet;

import dev.bootoperator.boot.IgnitionUrlSigner;
import dev.bootoperator.boot.TrustedProxies;
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
 *   <tr><td>{@value #IMAGE_SERVER_URL}</td><td>prefix of UKI URLs (upstream's {@code --image-server-url}), e.g. {@code http://host:8080/boot/httpboot}; without a path {@code /httpboot} is appended</td></tr>
 *   <tr><td>{@value #DEFAULT_HTTPBOOT_UKI_URL}</td><td>the default UKI URL</td></tr>
 *   <tr><td>{@value #DEFAULT_HTTPBOOT_OCI_IMAGE}</td><td>the image whose UKI layer is the default UKI</td></tr>
 *   <tr><td>{@value #ARCHITECTURE}</td><td>{@code amd64} (default) or {@code arm64}</td></tr>
 *   <tr><td>{@value #ALLOWED_REGISTRIES}, {@value #INSECURE_REGISTRIES}</td><td>comma-separated registries</td></tr>
 *   <tr><td>{@value #REGISTRY_CONFIG}</td><td>a Docker {@code config.json} with credentials</td></tr>
 *   <tr><td>{@value #IMAGE_CACHE_DIR}, {@value #IMAGE_CACHE_MAX_BYTES}</td><td>the blob cache ({@code 10Gi})</td></tr>
 *   <tr><td>{@value #REGISTRY_READ_TIMEOUT}</td><td>how long a download may stall ({@code 60s})</td></tr>
 *   <tr><td>{@value #TRUSTED_PROXIES}</td><td>CIDRs allowed to send {@code X-Forwarded-For}</td></tr>
 *   <tr><td>{@value #IGNITION_SOURCE_CHECK}</td><td>{@code true}: Ignition only to the machine's own IPs</td></tr>
 *   <tr><td>{@value #BUTANE_STRICT}</td><td>{@code true}: refuse Butane that butane only warns about, as
 *       {@code butane --strict} (default {@code false}, as upstream)</td></tr>
 *   <tr><td>{@value #IGNITION_URL_SIGNING_KEY}, {@value #IGNITION_URL_TTL}</td><td>a key file to sign Ignition
 *       URLs with, and their lifetime ({@code 1h})</td></tr>
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
    public static final String REGISTRY_READ_TIMEOUT = "BOOT_REGISTRY_READ_TIMEOUT";
    public static final String TRUSTED_PROXIES = "BOOT_TRUSTED_PROXIES";
    public static final String BUTANE_STRICT = "BOOT_BUTANE_STRICT";
    public static final String IGNITION_SOURCE_CHECK = "BOOT_IGNITION_SOURCE_CHECK";
    public static final String IGNITION_URL_SIGNING_KEY = "BOOT_IGNITION_URL_SIGNING_KEY";
    public static final String IGNITION_URL_TTL = "BOOT_IGNITION_URL_TTL";
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
                bound = maxBytes == null ? BootServlets.DEFAULT_CACHE_MAX_BYTES : parseByteSize(maxBytes);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(IMAGE_CACHE_MAX_BYTES + ": " + e.getMessage(), e);
            }
            b.imageCache(cacheDir == null ? BootServlets.DEFAULT_CACHE_DIRECTORY : Path.of(cacheDir), bound);
        }
        String readTimeout = get(lookup, REGISTRY_READ_TIMEOUT);
        if (readTimeout != null) {
            try {
                b.registryReadTimeout(parseDuration(readTimeout));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(REGISTRY_READ_TIMEOUT + ": " + e.getMessage(), e);
            }
        }
        String proxies = get(lookup, TRUSTED_PROXIES);
        if (proxies != null) {
            try {
                b.trustedProxies(TrustedProxies.parse(proxies));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(TRUSTED_PROXIES + ": " + e.getMessage(), e);
            }
        }
        String check = get(lookup, IGNITION_SOURCE_CHECK);
        if (check != null) {
            if (!check.equalsIgnoreCase("true") && !check.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException(IGNITION_SOURCE_CHECK + ": '" + check + "' is not true or false");
            }
            b.ignitionSourceCheck(Boolean.parseBoolean(check));
        }
        String strict = get(lookup, BUTANE_STRICT);
        if (strict != null) {
            if (!strict.equalsIgnoreCase("true") && !strict.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException(BUTANE_STRICT + ": '" + strict + "' is not true or false");
            }
            b.butaneStrict(Boolean.parseBoolean(strict));
        }
        String keyFile = get(lookup, IGNITION_URL_SIGNING_KEY);
        String ttl = get(lookup, IGNITION_URL_TTL);
        if (keyFile != null) {
            b.ignitionUrlSigner(signer(IGNITION_URL_SIGNING_KEY, Path.of(keyFile), IGNITION_URL_TTL,
                    ttl == null ? "1h" : ttl));
        } else if (ttl != null) {
            throw new IllegalArgumentException(IGNITION_URL_TTL + " is set but " + IGNITION_URL_SIGNING_KEY + " is not");
        }
        return b;
    }

    /**
     * A signer with the key in {@code keyFile} (its bytes, trailing whitespace removed) and lifetime {@code ttl};
     * errors name {@code keySetting} or {@code ttlSetting}.
     */
    public static IgnitionUrlSigner signer(String keySetting, Path keyFile, String ttlSetting, String ttl) {
        byte[] key;
        try {
            key = Files.readString(keyFile, StandardCharsets.ISO_8859_1).stripTrailing().getBytes(StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalArgumentException(keySetting + ": cannot read " + keyFile + ": " + e.getMessage(), e);
        }
        java.time.Duration lifetime;
        try {
            lifetime = parseDuration(ttl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ttlSetting + ": " + e.getMessage(), e);
        }
        try {
            return new IgnitionUrlSigner(key, lifetime, java.time.Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(keySetting + ": " + keyFile + ": " + e.getMessage(), e);
        }
    }

    /** {@code 90s}, {@code 30m}, {@code 1h}, {@code 2d}, or ISO-8601 such as {@code PT1H}. */
    public static java.time.Duration parseDuration(String value) {
        String v = Objects.requireNonNull(value, "value").trim();
        try {
            if (v.startsWith("P") || v.startsWith("p")) {
                java.time.Duration d = java.time.Duration.parse(v);
                if (!d.isNegative() && !d.isZero()) {
                    return d;
                }
            } else if (v.length() >= 2 && v.length() <= 10 && v.substring(0, v.length() - 1).chars().allMatch(Character::isDigit)) {
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                java.time.Duration d = switch (v.charAt(v.length() - 1)) {
                    case 's' -> java.time.Duration.ofSeconds(n);
                    case 'm' -> java.time.Duration.ofMinutes(n);
                    case 'h' -> java.time.Duration.ofHours(n);
                    case 'd' -> java.time.Duration.ofDays(n);
                    default -> null;
                };
                if (d != null && !d.isZero()) {
                    return d;
                }
            }
        } catch (RuntimeException malformed) {
            // reported below
        }
        throw new IllegalArgumentException("'" + value + "' is not a positive duration such as 90s, 30m, 1h or PT1H");
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
