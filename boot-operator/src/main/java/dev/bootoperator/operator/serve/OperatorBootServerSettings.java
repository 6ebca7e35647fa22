package dev.bootoperator.operator.serve;

import dev.bootoperator.jetty.BootServerOptions;
import dev.bootoperator.jetty.ListenAddress;
import dev.bootoperator.oci.ImageReference;
import dev.bootoperator.oci.RegistryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the boot servers in the operator process need: the reference server's settings (addresses, iPXE service
 * URL, image server URL, default UKI, architecture, registries, cache) plus the operator's own.
 *
 * <pre>{@code
 * OperatorBootServerSettings settings = OperatorBootServerSettings.fromFlags(ListenAddress.parse(":8082"),
 *         ListenAddress.parse(":8083"), Optional.of("http://10.0.0.1:8082"), Optional.of("http://10.0.0.1:8083"),
 *         Optional.empty(), Optional.of(ImageReference.parse("ghcr.io/ironcore-dev/os-images/gardenlinux:1877.0")),
 *         "amd64", RegistryPolicy.defaults(), BootServlets.DEFAULT_CACHE_DIRECTORY);
 * }</pre>
 *
 * @param server              the reference server's settings; its {@code configDir} is never read, the informer
 *                            caches replace it
 * @param namespace           watch boot configs, Secrets and ServerBootConfigurations in this namespace only;
 *                            empty watches all (Servers are cluster-scoped and always watched)
 * @param recordBootStatus    whether served scripts and Ignitions become conditions and Events
 * @param statusQueueCapacity the status recorder's queue bound
 * @param syncTimeout         how long {@link OperatorBootServers#start} waits for the initial lists
 */
public record OperatorBootServerSettings(BootServerOptions server, Optional<String> namespace,
                                         boolean recordBootStatus, int statusQueueCapacity, Duration syncTimeout) {
    /** Stands in for the reference server's config directory, which the operator does not use. */
    public static final Path UNUSED_CONFIG_DIR = Path.of(".");
    public static final Duration DEFAULT_SYNC_TIMEOUT = Duration.ofSeconds(60);

    public OperatorBootServerSettings {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(namespace, "namespace");
        if (statusQueueCapacity < 1) {
            throw new IllegalArgumentException("statusQueueCapacity must be >= 1, was " + statusQueueCapacity);
        }
        Objects.requireNonNull(syncTimeout, "syncTimeout");
    }

    /** These server settings, all namespaces, status recording on with the default queue. */
    public static OperatorBootServerSettings of(BootServerOptions server) {
        return new OperatorBootServerSettings(server, Optional.empty(), true, BootStatusRecorder.DEFAULT_CAPACITY,
                DEFAULT_SYNC_TIMEOUT);
    }

    /**
     * From the operator's flags ({@code --boot-server-address}, {@code --image-proxy-server-address},
     * {@code --ipxe-service-url}, {@code --image-server-url}, {@code --default-httpboot-uki-url},
     * {@code --default-httpboot-oci-image}, {@code --architecture}, the allowed and plain-http registries) and the
     * image cache directory; everything else as the reference server's defaults.
     */
    public static OperatorBootServerSettings fromFlags(ListenAddress bootServerAddress,
            ListenAddress imageProxyServerAddress, Optional<String> ipxeServiceUrl, Optional<String> imageServerUrl,
            Optional<String> defaultHttpBootUkiUrl, Optional<ImageReference> defaultHttpBootOciImage,
            String architecture, RegistryPolicy registries, Path cacheDir) {
        return fromFlags(bootServerAddress, imageProxyServerAddress, ipxeServiceUrl, imageServerUrl,
                defaultHttpBootUkiUrl, defaultHttpBootOciImage, architecture, registries, cacheDir,
                BootServerOptions.ImageProxyOptions.DEFAULTS.cacheMaxBytes());
    }

    /** As above, with {@code --image-cache-max-bytes}. */
    public static OperatorBootServerSettings fromFlags(ListenAddress bootServerAddress,
            ListenAddress imageProxyServerAddress, Optional<String> ipxeServiceUrl, Optional<String> imageServerUrl,
            Optional<String> defaultHttpBootUkiUrl, Optional<ImageReference> defaultHttpBootOciImage,
            String architecture, RegistryPolicy registries, Path cacheDir, long cacheMaxBytes) {
        BootServerOptions.ImageProxyOptions d = BootServerOptions.ImageProxyOptions.DEFAULTS;
        BootServerOptions.ImageProxyOptions images = new BootServerOptions.ImageProxyOptions(imageProxyServerAddress,
                imageServerUrl, defaultHttpBootOciImage, architecture, List.copyOf(registries.allowed()),
                List.copyOf(registries.insecure()), d.registryConfig(), cacheDir, cacheMaxBytes, d.prefetch(),
                d.registryReadTimeout());
        return of(new BootServerOptions(bootServerAddress, UNUSED_CONFIG_DIR, ipxeServiceUrl, defaultHttpBootUkiUrl,
                Optional.empty(), images, BootServerOptions.MachineIdentity.UPSTREAM, BootServerOptions.Transport.PLAIN));
    }

    public OperatorBootServerSettings withNamespace(Optional<String> namespace) {
        return new OperatorBootServerSettings(server, namespace, recordBootStatus, statusQueueCapacity, syncTimeout);
    }

    public OperatorBootServerSettings withRecordBootStatus(boolean record) {
        return new OperatorBootServerSettings(server, namespace, record, statusQueueCapacity, syncTimeout);
    }

    public OperatorBootServerSettings withStatusQueueCapacity(int capacity) {
        return new OperatorBootServerSettings(server, namespace, recordBootStatus, capacity, syncTimeout);
    }
}
