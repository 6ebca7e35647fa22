package dev.bootoperator.operator;

import dev.bootoperator.jetty.BootServerOptions;
import dev.bootoperator.jetty.ListenAddress;
import dev.bootoperator.oci.ImageReference;
import dev.bootoperator.oci.RegistryPolicy;
import dev.bootoperator.operator.reconcile.BootControllers;
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
 * @param butaneStrict             {@code --butane-strict}: the boot servers refuse Butane that butane only warns about
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
        boolean butaneStrict) {

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

    /** Upstream's defaults: every controller on, no leader election, iPXE off until a service URL is given. */
    public static OperatorOptions defaults() {
        return new OperatorOptions(Optional.of(ListenAddress.parse(DEFAULT_METRICS_BIND_ADDRESS)),
                Optional.of(ListenAddress.parse(DEFAULT_HEALTH_PROBE_BIND_ADDRESS)), LeaderElection.OFF,
                ListenAddress.parse(DEFAULT_BOOT_SERVER_ADDRESS), ListenAddress.parse(DEFAULT_IMAGE_PROXY_SERVER_ADDRESS),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_ARCHITECTURE, RegistryPolicy.defaults(),
                Set.copyOf(CONTROLLERS), false, false);
    }

    /** A copy listening on other metrics and probe addresses (empty: off). */
    public OperatorOptions withListeners(Optional<ListenAddress> metrics, Optional<ListenAddress> probes) {
        return new OperatorOptions(metrics, probes, leaderElection, bootServerAddress, imageProxyServerAddress,
                ipxeServiceUrl, imageServerUrl, defaultHttpBootUkiUrl, defaultHttpBootOciImage, architecture,
                registries, controllers, honorBootMethod, butaneStrict);
    }

    /** A copy with other leader-election settings. */
    public OperatorOptions withLeaderElection(LeaderElection election) {
        return new OperatorOptions(metricsBindAddress, healthProbeBindAddress, election, bootServerAddress,
                imageProxyServerAddress, ipxeServiceUrl, imageServerUrl, defaultHttpBootUkiUrl, defaultHttpBootOciImage,
                architecture, registries, controllers, honorBootMethod, butaneStrict);
    }

    /** Whether the controller of that name ({@link #CONTROLLERS}) is on. */
    public boolean enabled(String controller) {
        if (!CONTROLLERS.contains(controller)) {
            throw new IllegalArgumentException("unknown controller '" + controller + "'; valid: " + CONTROLLERS);
        }
        return controllers.contains(controller);
    }
}
