package dev.bootoperator.jetty;

import java.nio.file.Path;
import java.util.ArrayList;
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
 * @param imageProxy            image-proxy settings, accepted but not in effect yet
 */
public record BootServerOptions(
        ListenAddress bootServerAddress,
        Path configDir,
        Optional<String> ipxeServiceUrl,
        Optional<String> defaultHttpBootUkiUrl,
        Optional<Path> ipxeTemplate,
        ImageProxyOptions imageProxy) {

    /** Upstream's defaults. */
    public static final String DEFAULT_BOOT_SERVER_ADDRESS = ":8082";
    public static final String DEFAULT_IMAGE_PROXY_SERVER_ADDRESS = ":8083";
    public static final String DEFAULT_IPXE_SERVICE_PROTOCOL = "http";
    public static final int DEFAULT_IPXE_SERVICE_PORT = 5000;
    public static final String DEFAULT_ARCHITECTURE = "amd64";
    /** The environment variable upstream builds the iPXE service URL from when the flag is empty. */
    public static final String IPXE_SERVER_ADDRESS_ENV = "IPXE_SERVER_ADDRESS";

    public BootServerOptions {
        Objects.requireNonNull(bootServerAddress, "bootServerAddress");
        Objects.requireNonNull(configDir, "configDir");
        Objects.requireNonNull(ipxeServiceUrl, "ipxeServiceUrl");
        Objects.requireNonNull(defaultHttpBootUkiUrl, "defaultHttpBootUkiUrl");
        Objects.requireNonNull(ipxeTemplate, "ipxeTemplate");
        Objects.requireNonNull(imageProxy, "imageProxy");
    }

    /** Upstream's defaults for a config directory: iPXE disabled, no default UKI. */
    public static BootServerOptions defaults(Path configDir) {
        return new BootServerOptions(ListenAddress.parse(DEFAULT_BOOT_SERVER_ADDRESS), configDir, Optional.empty(),
                Optional.empty(), Optional.empty(), ImageProxyOptions.DEFAULTS);
    }

    /**
     * The image proxy's flags. They are validated now and wired when the image proxy is enabled; until then
     * the server binds no image-proxy port.
     */
    public record ImageProxyOptions(ListenAddress address, Optional<String> imageServerUrl,
                                    Optional<String> defaultHttpBootOciImage, String architecture,
                                    List<String> allowedRegistries) {
        public static final ImageProxyOptions DEFAULTS = new ImageProxyOptions(
                ListenAddress.parse(DEFAULT_IMAGE_PROXY_SERVER_ADDRESS), Optional.empty(), Optional.empty(),
                DEFAULT_ARCHITECTURE, List.of());

        public ImageProxyOptions {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(imageServerUrl, "imageServerUrl");
            Objects.requireNonNull(defaultHttpBootOciImage, "defaultHttpBootOciImage");
            Objects.requireNonNull(architecture, "architecture");
            allowedRegistries = List.copyOf(allowedRegistries);
        }

        /** The flags set to something other than their default: settings that are not in effect yet. */
        public List<String> flagsNotInEffect() {
            List<String> set = new ArrayList<>();
            if (!address.equals(DEFAULTS.address)) {
                set.add("--image-proxy-server-address=" + address);
            }
            imageServerUrl.ifPresent(u -> set.add("--image-server-url=" + u));
            defaultHttpBootOciImage.ifPresent(i -> set.add("--default-httpboot-oci-image=" + i));
            if (!architecture.equals(DEFAULT_ARCHITECTURE)) {
                set.add("--architecture=" + architecture);
            }
            if (!allowedRegistries.isEmpty()) {
                set.add("--allowed-registries=" + String.join(",", allowedRegistries));
            }
            return set;
        }
    }
}
