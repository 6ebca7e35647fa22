package dev.bootoperator.operator;

import dev.bootoperator.jetty.BootServerOptions;
import dev.bootoperator.jetty.ListenAddress;
import dev.bootoperator.oci.ImageReference;
import dev.bootoperator.oci.RegistryPolicy;
import dev.bootoperator.operator.reconcile.BootControllers;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the operator process needs to start, already validated. {@link BootOperatorMain} builds it from
 * upstream's flags; tests build it with {@link #defaults()} and the {@code with...} methods.
 *
 * @param metricsBindAddress       Prometheus {@code /metrics}; empty when {@code --metrics-bind-address=0}
 * @param healthProbeBindAddress   {@code /healthz} and {@code /readyz}; empty when {@code --health-probe-bind-address=0}
 * @param leaderElection           whether only the holder of a Lease reconciles ({@code --leader-elect}), and which Lease
 * @param bootServerAddress        the boot endpoints, served by every replica ({@code --boot-server-address})
 * @param imageProxyServerAddress  the image proxy, served by every replica ({@code --image-proxy-server-address})
 * @param ipxeServiceUrl           the URL machines reach the boot server at; empty disables iPXE
 * @param imageServerUrl           the URL machines reach the image proxy at
 * @param defaultHttpBootUkiUrl    the UKI for HTTP-boot clients that no HTTPBootConfig matches
 * @param defaultHttpBootOciImage  the image whose UKI layer is that default; wins over the URL
 * @param architecture             the platform OS images are resolved for
 * @param registries               --allowed-registries (empty: {@code ghcr.io} only) and --insecure-registries (plain http)
 * @param controllers              the enabled controllers, a subset of {@link #CONTROLLERS}
 * @param honorBootMethod          whether the ServerBootConfiguration controllers follow {@code spec.bootMethod}
 * @param metricsServing           HTTPS and authentication of {@code /metrics} ({@code --metrics-secure} and friends)
 * @param imageCache               the image proxy's blob cache ({@code --image-cache-dir}, {@code --image-cache-max-bytes})
 */
public record OperatorOptions(
        Optional<ListenAddress> metricsBindAddress,
        Optional<ListenAddress> healthProbeBindAddress,
        LeaderElection leaderElection,
        ListenAddress bootServerAddress,
        ListenAddress imageProxyServerAddress,
        Optional<String> ipxeServiceUrl,
        Optional<String> imageServerUrl,
        Optional<String> defaultHttpBootUkiUrl,
        Optional<ImageReference> defaultHttpBootOciImage,
        String architecture,
        RegistryPolicy registries,
        Set<String> controllers,
        boolean honorBootMethod,
        MetricsServing metricsServing,
        ImageCache imageCache) {

    /** Upstream's controller names for {@code --controllers}, all on by default ({@link BootControllers#ALL}). */
    public static final List<String> CONTROLLERS = List.copyOf(BootControllers.ALL);

    /** Upstream's defaults (cmd/main.go); the boot servers' are the reference server's. */
    public static final String DEFAULT_METRICS_BIND_ADDRESS = ":8080";
    public static final String DEFAULT_HEALTH_PROBE_BIND_ADDRESS = ":8081";
    public static final String DEFAULT_BOOT_SERVER_ADDRESS = BootServerOptions.DEFAULT_BOOT_SERVER_ADDRESS;
    public static final String DEFAULT_IMAGE_PROXY_SERVER_ADDRESS = BootServerOptions.DEFAULT_IMAGE_PROXY_SERVER_ADDRESS;
    public static final String DEFAULT_ARCHITECTURE = BootServerOptions.DEFAULT_ARCHITECTURE;
    /** The address value that turns the metrics or probe listener off, as in controller-runtime. */
    public static final String LISTENER_OFF = "0";
    /** Upstream's LeaderElectionID: a Go and a Java replica never reconcile at the same time during a switch. */
    public static final String DEFAULT_LEADER_ELECTION_ID = "e9f0940b.ironcore.dev";

    public OperatorOptions {
        Objects.requireNonNull(metricsBindAddress, "metricsBindAddress");
        Objects.requireNonNull(healthProbeBindAddress, "healthProbeBindAddress");
        Objects.requireNonNull(leaderElection, "leaderElection");
        Objects.requireNonNull(bootServerAddress, "bootServerAddress");
        Objects.requireNonNull(imageProxyServerAddress, "imageProxyServerAddress");
        Objects.requireNonNull(ipxeServiceUrl, "ipxeServiceUrl");
        Objects.requireNonNull(imageServerUrl, "imageServerUrl");
        Objects.requireNonNull(defaultHttpBootUkiUrl, "defaultHttpBootUkiUrl");
        Objects.requireNonNull(defaultHttpBootOciImage, "defaultHttpBootOciImage");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(registries, "registries");
        Objects.requireNonNull(metricsServing, "metricsServing");
        Objects.requireNonNull(imageCache, "imageCache");
        controllers = Set.copyOf(controllers);
        if (!CONTROLLERS.containsAll(controllers)) {
            throw new IllegalArgumentException("unknown controllers in " + controllers + "; valid: " + CONTROLLERS);
        }
    }

    /**
     * Leader election over a {@code coordination.k8s.io/v1} Lease.
     *
     * @param enabled   {@code --leader-elect}
     * @param leaseName {@code --leader-election-id}
     * @param namespace {@code --leader-election-namespace}; empty: the client's namespace (in a pod: its own)
     */
    public record LeaderElection(boolean enabled, String leaseName, Optional<String> namespace) {
        public static final LeaderElection OFF = new LeaderElection(false, DEFAULT_LEADER_ELECTION_ID, Optional.empty());

        public LeaderElection {
            Objects.requireNonNull(leaseName, "leaseName");
            Objects.requireNonNull(namespace, "namespace");
        }
    }

    /**
     * How {@code /metrics} is served, as controller-runtime's metrics server.
     *
     * @param secure   {@code --metrics-secure}: HTTPS, and every scrape authenticated (TokenReview) and authorized
     *                 (SubjectAccessReview); otherwise plain HTTP for anyone
     * @param certDir  {@code --metrics-cert-path}: directory of the certificate and key; empty: a self-signed
     *                 certificate made at start
     * @param certName {@code --metrics-cert-name}, the PEM certificate (chain) in {@code certDir}
     * @param keyName  {@code --metrics-cert-key}, the PEM private key in {@code certDir}
     * @param http2    {@code --enable-http2}; accepted for upstream's manifests, the metrics listener speaks HTTP/1.1
     */
    public record MetricsServing(boolean secure, Optional<Path> certDir, String certName, String keyName,
                                 boolean http2) {
        /** Upstream's defaults: HTTPS with a self-signed certificate, scrapes authenticated, no HTTP/2. */
        public static final MetricsServing SECURE = new MetricsServing(true, Optional.empty(), "tls.crt", "tls.key", false);
        /** {@code --metrics-secure=false}: plain HTTP, no authentication. */
        public static final MetricsServing PLAIN = new MetricsServing(false, Optional.empty(), "tls.crt", "tls.key", false);

        public MetricsServing {
            Objects.requireNonNull(certDir, "certDir");
            Objects.requireNonNull(certName, "certName");
            Objects.requireNonNull(keyName, "keyName");
        }

        /** The certificate and key files, when a directory was given. */
        public Optional<Path> certFile() {
            return certDir.map(d -> d.resolve(certName));
        }

        public Optional<Path> keyFile() {
            return certDir.map(d -> d.resolve(keyName));
        }
    }

    /**
     * The image proxy's blob cache.
     *
     * @param dir      {@code --image-cache-dir}; empty: the reference server's default under {@code java.io.tmpdir}
     * @param maxBytes {@code --image-cache-max-bytes}
     */
    public record ImageCache(Optional<Path> dir, long maxBytes) {
        public static final ImageCache DEFAULT = new ImageCache(Optional.empty(),
                BootServerOptions.ImageProxyOptions.DEFAULTS.cacheMaxBytes());

        public ImageCache {
            Objects.requireNonNull(dir, "dir");
            if (maxBytes < 0) {
                throw new IllegalArgumentException("maxBytes must be >= 0, was " + maxBytes);
            }
        }
    }

    /** Upstream's defaults: every controller on, no leader election, iPXE off until a service URL is given. */
    public static OperatorOptions defaults() {
        return new OperatorOptions(Optional.of(ListenAddress.parse(DEFAULT_METRICS_BIND_ADDRESS)),
                Optional.of(ListenAddress.parse(DEFAULT_HEALTH_PROBE_BIND_ADDRESS)), LeaderElection.OFF,
                ListenAddress.parse(DEFAULT_BOOT_SERVER_ADDRESS), ListenAddress.parse(DEFAULT_IMAGE_PROXY_SERVER_ADDRESS),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_ARCHITECTURE, RegistryPolicy.defaults(),
                Set.copyOf(CONTROLLERS), false, MetricsServing.SECURE, ImageCache.DEFAULT);
    }

    /** A copy listening on other metrics and probe addresses (empty: off). */
    public OperatorOptions withListeners(Optional<ListenAddress> metrics, Optional<ListenAddress> probes) {
        return new OperatorOptions(metrics, probes, leaderElection, bootServerAddress, imageProxyServerAddress,
                ipxeServiceUrl, imageServerUrl, defaultHttpBootUkiUrl, defaultHttpBootOciImage, architecture,
                registries, controllers, honorBootMethod, metricsServing, imageCache);
    }

    /** A copy with other leader-election settings. */
    public OperatorOptions withLeaderElection(LeaderElection election) {
        return new OperatorOptions(metricsBindAddress, healthProbeBindAddress, election, bootServerAddress,
                imageProxyServerAddress, ipxeServiceUrl, imageServerUrl, defaultHttpBootUkiUrl, defaultHttpBootOciImage,
                architecture, registries, controllers, honorBootMethod, metricsServing, imageCache);
    }

    /** A copy serving {@code /metrics} otherwise. */
    public OperatorOptions withMetricsServing(MetricsServing serving) {
        return new OperatorOptions(metricsBindAddress, healthProbeBindAddress, leaderElection, bootServerAddress,
                imageProxyServerAddress, ipxeServiceUrl, imageServerUrl, defaultHttpBootUkiUrl, defaultHttpBootOciImage,
                architecture, registries, controllers, honorBootMethod, serving, imageCache);
    }

    /** Whether the controller of that name ({@link #CONTROLLERS}) is on. */
    public boolean enabled(String controller) {
        if (!CONTROLLERS.contains(controller)) {
            throw new IllegalArgumentException("unknown controller '" + controller + "'; valid: " + CONTROLLERS);
        }
        return controllers.contains(controller);
    }
}
