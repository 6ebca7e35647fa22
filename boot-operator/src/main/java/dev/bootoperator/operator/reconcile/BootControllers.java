package dev.bootoperator.operator.reconcile;

import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The boot operator's controllers, registered by name as {@code --controllers} lists them.
 *
 * <table>
 *   <caption>Controllers</caption>
 *   <tr><td>{@value #IPXE_BOOT_CONFIG}</td><td>IPXEBootConfig: Ready when its Ignition secret is usable</td></tr>
 *   <tr><td>{@value #SERVER_BOOT_CONFIG_PXE}</td><td>ServerBootConfiguration → IPXEBootConfig</td></tr>
 *   <tr><td>{@value #HTTP_BOOT_CONFIG}</td><td>HTTPBootConfig: Ready when its Ignition secret is usable</td></tr>
 *   <tr><td>{@value #SERVER_BOOT_CONFIG_HTTP}</td><td>ServerBootConfiguration → HTTPBootConfig</td></tr>
 * </table>
 *
 * <pre>{@code
 * Operator operator = new Operator(o -> BootControllers.configure(o.withKubernetesClient(client)));
 * BootControllers.register(operator, settings, BootControllers.parse("ipxebootconfig,serverbootconfigpxe"));
 * operator.start();
 * }</pre>
 */
public final class BootControllers {
    public static final String IPXE_BOOT_CONFIG = "ipxebootconfig";
    public static final String SERVER_BOOT_CONFIG_PXE = "serverbootconfigpxe";
    public static final String HTTP_BOOT_CONFIG = "httpbootconfig";
    public static final String SERVER_BOOT_CONFIG_HTTP = "serverbootconfighttp";
    /** Every controller, in registration order; the default of {@code --controllers}. */
    public static final Set<String> ALL = Collections.unmodifiableSet(new LinkedHashSet<>(List.of(IPXE_BOOT_CONFIG,
            SERVER_BOOT_CONFIG_PXE, HTTP_BOOT_CONFIG, SERVER_BOOT_CONFIG_HTTP)));

    private BootControllers() {
    }

    /**
     * Reconciliations at once, across all controllers (one JOSDK pool). Under upstream's {@code cpu: 500m} the
     * reconcilers share half a core; JOSDK's default of 50 threads adds no CPU and costs a thread stack each (the
     * operator ran 110 threads with it, 60 with 10: docs/benchmarks.md, "Operator memory"). A reconcile waits on the
     * API server, so 10 still overlap.
     */
    public static final int RECONCILIATION_THREADS = 10;

    /**
     * The operator-wide settings the controllers rely on: status patches without server-side apply (JSON patch),
     * which is also what the fabric8 mock API server of the tests accepts; {@link #RECONCILIATION_THREADS}, and no
     * workflow threads beyond JOSDK's minimum, as no controller has dependent resources. Returns {@code overrider}.
     */
    public static ConfigurationServiceOverrider configure(ConfigurationServiceOverrider overrider) {
        return overrider.withUseSSAToPatchPrimaryResource(false)
                .withConcurrentReconciliationThreads(RECONCILIATION_THREADS)
                .withConcurrentWorkflowExecutorThreads(1);
    }

    /**
     * The controller names of a {@code --controllers} value (comma-separated, blanks ignored).
     *
     * @throws IllegalArgumentException naming the unknown names and listing the valid ones
     */
    public static Set<String> parse(String csv) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : Objects.requireNonNull(csv, "csv").split(",")) {
            if (!name.isBlank()) {
                names.add(name.trim());
            }
        }
        validate(names);
        return names;
    }

    /**
     * Registers the {@code enabled} controllers with {@code operator} (before {@link Operator#start()}). Both
     * ServerBootConfiguration controllers share {@code settings.images()}, so an image is resolved once per TTL.
     *
     * A blank URL in {@code settings} does not stop registration: the ServerBootConfigurations that need it get
     * state Error with a condition naming the flag (see {@link ServerBootConfigurationReconciler}).
     *
     * @throws IllegalArgumentException for an unknown controller name (listing the valid ones)
     */
    public static List<RegisteredController<?>> register(Operator operator, ControllerSettings settings,
                                                         Set<String> enabled) {
        return register(operator, settings, enabled, Clock.systemUTC());
    }

    static List<RegisteredController<?>> register(Operator operator, ControllerSettings settings,
                                                  Set<String> enabled, Clock clock) {
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(settings, "settings");
        validate(enabled);
        List<RegisteredController<?>> registered = new ArrayList<>();
        for (String name : ALL) {
            if (!enabled.contains(name)) {
                continue;
            }
            registered.add(switch (name) {
                case IPXE_BOOT_CONFIG -> register(operator, name, new IPXEBootConfigReconciler(clock));
                case SERVER_BOOT_CONFIG_PXE -> register(operator, name, new ServerBootConfigurationReconciler<>(settings, clock, new IPXEBootConfigChild(settings)));
                case HTTP_BOOT_CONFIG -> register(operator, name, new HTTPBootConfigReconciler(clock));
                case SERVER_BOOT_CONFIG_HTTP -> register(operator, name, new ServerBootConfigurationReconciler<>(settings, clock, new HTTPBootConfigChild(settings)));
                default -> throw new IllegalStateException(name);
            });
        }
        return registered;
    }

    private static <P extends io.fabric8.kubernetes.api.model.HasMetadata> RegisteredController<P> register(
            Operator operator, String name, Reconciler<P> reconciler) {
        return operator.register(reconciler, o -> o.withName(name));
    }

    private static void validate(Collection<String> names) {
        Objects.requireNonNull(names, "enabled");
        List<String> unknown = names.stream().filter(n -> !ALL.contains(n)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown controller" + (unknown.size() == 1 ? " " : "s ")
                    + String.join(", ", unknown) + "; valid: " + String.join(", ", ALL));
        }
    }
}
