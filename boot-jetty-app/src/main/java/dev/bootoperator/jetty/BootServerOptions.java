package dev.bootoperator.jetty;

import dev.bootoperator.boot.IgnitionUrlSigner;
import dev.bootoperator.boot.TrustedProxies;
import dev.bootoperator.oci.ImageReference;
import dev.bootoperator.oci.RegistryPolicy;
import dev.bootoperator.oci.http.HttpTransport;
import dev.bootoperator.servlet.BootServlets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the reference server needs to start, already validated. {@link BootServerMain} builds it from
 * upstream's flags; tests and embedders may build it directly.
 *
 * @param bootServerAddress     where the boot endpoints listen ({@code --boot-server-address})
 * @param configDir             the directory of YAML manifests ({@code --config-dir})
 * @param ipxeServiceUrl        the URL machines reach this server at; empty disables iPXE (503)
 * @param defaultHttpBootUkiUrl the UKI for HTTP-boot clients no HTTPBootConfig matches
 * @param ipxeTemplate          a boot-script template replacing the shipped one
 * @param imageProxy            the image proxy's settings
 * @param machineIdentity       who may speak for clients, and who gets a machine's Ignition
 * @param transport             TLS and HTTP/2 for both ports
 * @param butaneStrict          refuse Butane that butane only warns about ({@code --butane-strict}); default off
 */
public record BootServerOptions(
        ListenAddress bootServerAddress,
        Path configDir,
        Optional<String> ipxeServiceUrl,
        Optional<String> defaultHttpBootUkiUrl,
        Optional<Path> ipxeTemplate,
        ImageProxyOptions imageProxy,
        MachineIdentity machineIdentity,
        Transport transport,
        boolean butaneStrict) {

    /** Upstream's defaults. */
    public static final String DEFAULT_BOOT_SERVER_ADDRESS = ":8082";
    public static final String DEFAULT_IMAGE_PROXY_SERVER_ADDRESS = ":8083";
    public static final String DEFAULT_IPXE_SERVICE_PROTOCOL = "http";
    public static final int DEFAULT_IPXE_SERVICE_PORT = 5000;
    public static final String DEFAULT_ARCHITECTURE = "amd64";
    /** The environment variable upstream builds the iPXE service URL from when the flag is empty. */
    public static final String IPXE_SERVER_ADDRESS_ENV = "IPXE_SERVER_ADDRESS";

    /** Options with Butane translated as upstream does (not strict). */
    public BootServerOptions(ListenAddress bootServerAddress, Path configDir, Optional<String> ipxeServiceUrl,
            Optional<String> defaultHttpBootUkiUrl, Optional<Path> ipxeTemplate, ImageProxyOptions imageProxy,
            MachineIdentity machineIdentity, Transport transport) {
        this(bootServerAddress, configDir, ipxeServiceUrl, defaultHttpBootUkiUrl, ipxeTemplate, imageProxy,
                machineIdentity, transport, false);
    }

    /** These options with {@code --butane-strict} set as given. */
    public BootServerOptions withButaneStrict(boolean strict) {
        return new BootServerOptions(bootServerAddress, configDir, ipxeServiceUrl, defaultHttpBootUkiUrl, ipxeTemplate,
                imageProxy, machineIdentity, transport, strict);
    }

    public BootServerOptions {
        Objects.requireNonNull(bootServerAddress, "bootServerAddress");
        Objects.requireNonNull(configDir, "configDir");
        Objects.requireNonNull(ipxeServiceUrl, "ipxeServiceUrl");
        Objects.requireNonNull(defaultHttpBootUkiUrl, "defaultHttpBootUkiUrl");
        Objects.requireNonNull(ipxeTemplate, "ipxeTemplate");
        Objects.requireNonNull(imageProxy, "imageProxy");
        Objects.requireNonNull(machineIdentity, "machineIdentity");
        Objects.requireNonNull(transport, "transport");
    }

    /**
     * {@code --tls-cert-file} and {@code --tls-key-file} (PEM; both or neither) serve both ports over HTTPS;
     * {@code --enable-http2} adds HTTP/2, off by default as upstream.
     */
    public record Transport(Optional<Path> tlsCertFile, Optional<Path> tlsKeyFile, boolean http2) {
        public static final Transport PLAIN = new Transport(Optional.empty(), Optional.empty(), false);

        public Transport {
            Objects.requireNonNull(tlsCertFile, "tlsCertFile");
            Objects.requireNonNull(tlsKeyFile, "tlsKeyFile");
            if (tlsCertFile.isPresent() != tlsKeyFile.isPresent()) {
                throw new IllegalArgumentException("--tls-cert-file and --tls-key-file go together");
            }
        }

        public boolean tls() {
            return tlsCertFile.isPresent();
        }
    }

    /**
     * {@code --trusted-proxies}, {@code --ignition-source-check}, {@code --ignition-url-signing-key} and
     * {@code --ignition-url-ttl}; by default upstream's behaviour: everyone is believed, no check, no signature.
     */
    public record MachineIdentity(TrustedProxies trustedProxies, boolean ignitionSourceCheck,
                                  Optional<IgnitionUrlSigner> ignitionUrlSigner) {
        public static final MachineIdentity UPSTREAM = new MachineIdentity(TrustedProxies.everyone(), false, Optional.empty());

        public MachineIdentity {
            Objects.requireNonNull(trustedProxies, "trustedProxies");
            Objects.requireNonNull(ignitionUrlSigner, "ignitionUrlSigner");
        }
    }

    /** Upstream's defaults for a config directory: iPXE disabled, no default UKI. */
    public static BootServerOptions defaults(Path configDir) {
        return new BootServerOptions(ListenAddress.parse(DEFAULT_BOOT_SERVER_ADDRESS), configDir, Optional.empty(),
                Optional.empty(), Optional.empty(), ImageProxyOptions.DEFAULTS, MachineIdentity.UPSTREAM,
                Transport.PLAIN);
    }

    /**
     * The image proxy's settings.
     *
     * @param address                 where the image proxy listens ({@code --image-proxy-server-address})
     * @param imageServerUrl          the URL machines reach the image proxy at, for the default UKI URL
     * @param defaultHttpBootOciImage the image whose UKI layer is the default HTTP-boot UKI
     * @param architecture            the platform to resolve image indexes for
     * @param allowedRegistries       registries images may come from; empty means {@code ghcr.io} only
     * @param insecureRegistries      registries reached over plain http
     * @param registryConfig          a Docker {@code config.json} with registry credentials
     * @param cacheDir                the blob cache directory
     * @param cacheMaxBytes           the bound on cached bytes
     * @param prefetch                images whose layers are cached at start-up
     * @param registryReadTimeout     how long a layer download may stall mid-stream
     */
    public record ImageProxyOptions(ListenAddress address, Optional<String> imageServerUrl,
                                    Optional<ImageReference> defaultHttpBootOciImage, String architecture,
                                    List<String> allowedRegistries, List<String> insecureRegistries,
                                    Optional<Path> registryConfig, Path cacheDir, long cacheMaxBytes,
                                    List<ImageReference> prefetch, java.time.Duration registryReadTimeout) {
        public static final ImageProxyOptions DEFAULTS = new ImageProxyOptions(
                ListenAddress.parse(DEFAULT_IMAGE_PROXY_SERVER_ADDRESS), Optional.empty(), Optional.empty(),
                DEFAULT_ARCHITECTURE, List.of(), List.of(), Optional.empty(), BootServlets.DEFAULT_CACHE_DIRECTORY,
                BootServlets.DEFAULT_CACHE_MAX_BYTES, List.of(), HttpTransport.DEFAULT_READ_TIMEOUT);

        public ImageProxyOptions {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(imageServerUrl, "imageServerUrl");
            Objects.requireNonNull(defaultHttpBootOciImage, "defaultHttpBootOciImage");
            Objects.requireNonNull(architecture, "architecture");
            allowedRegistries = List.copyOf(allowedRegistries);
            insecureRegistries = List.copyOf(insecureRegistries);
            Objects.requireNonNull(registryConfig, "registryConfig");
            Objects.requireNonNull(cacheDir, "cacheDir");
            if (cacheMaxBytes < 0) {
                throw new IllegalArgumentException("cacheMaxBytes must be >= 0, was " + cacheMaxBytes);
            }
            prefetch = List.copyOf(prefetch);
            Objects.requireNonNull(registryReadTimeout, "registryReadTimeout");
        }

        /** The registry policy these settings describe. */
        public RegistryPolicy policy() {
            return RegistryPolicy.of(allowedRegistries, insecureRegistries);
        }
    }
}
