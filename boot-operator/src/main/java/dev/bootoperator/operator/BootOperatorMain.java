package dev.bootoperator.operator;

import dev.bootoperator.jetty.BootServerOptions;
import dev.bootoperator.jetty.FlagChecks;
import dev.bootoperator.jetty.ListenAddress;
import dev.bootoperator.oci.ImageReference;
import dev.bootoperator.oci.PlatformSelector;
import dev.bootoperator.oci.RegistryClient;
import dev.bootoperator.oci.RegistryPolicy;
import dev.bootoperator.operator.reconcile.BootControllers;
import dev.bootoperator.operator.reconcile.ControllerSettings;
import dev.bootoperator.operator.runtime.BootServers;
import dev.bootoperator.operator.runtime.ControllerRegistrar;
import dev.bootoperator.operator.runtime.InformerBootServers;
import dev.bootoperator.operator.runtime.OperatorRuntime;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The operator process: upstream boot-operator's flags (cmd/main.go), the reconcilers (leader-gated with
 * {@code --leader-elect}) and, in every replica, the boot and image-proxy servers.
 *
 * <pre>
 * java -cp ... dev.bootoperator.operator.BootOperatorMain --leader-elect \
 *     --ipxe-service-url http://boot.example:8082 --image-server-url http://boot.example:8083
 * </pre>
 *
 * A usage error exits with 2 and a start-up failure with 1, each with one line on stderr.
 */
@Command(name = "boot-operator", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 120,
        versionProvider = BootOperatorMain.Version.class,
        description = "Reconciles IPXEBootConfig, HTTPBootConfig and ServerBootConfiguration resources and serves "
                + "machines their boot answers from the cluster.")
public final class BootOperatorMain implements Callable<Integer> {
    /** What the process runs besides the flags: the reconcilers and the boot servers. */
    public record Components(ControllerRegistrar controllers, BootServers.Factory bootServers) {
    }

    /**
     * The components {@link #main} runs: the reconcilers ({@code dev.bootoperator.operator.reconcile}) and the
     * informer-backed boot servers ({@code dev.bootoperator.operator.serve}).
     */
    static final Components COMPONENTS = new Components(BootOperatorMain::registerControllers, InformerBootServers.DEFAULT);

    /**
     * The enabled controllers on one registry client (allowlist and architecture from the flags), whose image
     * resolutions both ServerBootConfiguration controllers share; the client is closed with the operator.
     */
    static AutoCloseable registerControllers(io.javaoperatorsdk.operator.Operator operator, OperatorOptions options) {
        RegistryClient registry = RegistryClient.builder()
                .policy(options.registries())
                .platform(PlatformSelector.linux(options.architecture()))
                .build();
        try {
            BootControllers.register(operator, ControllerSettings.of(options.ipxeServiceUrl().orElse(""),
                    options.imageServerUrl().orElse(""), registry, options.honorBootMethod()), options.controllers());
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    /** The environment variable upstream builds the iPXE service URL from when the flag is empty. */
    static final String IPXE_SERVER_ADDRESS_ENV = BootServerOptions.IPXE_SERVER_ADDRESS_ENV;

    @Spec
    private CommandSpec spec;

    @Option(names = "--metrics-bind-address", paramLabel = "ADDR",
            defaultValue = OperatorOptions.DEFAULT_METRICS_BIND_ADDRESS,
            description = "Address of the Prometheus /metrics endpoint; 0 turns it off. Default: ${DEFAULT-VALUE}.")
    private String metricsBindAddress;

    @Option(names = "--health-probe-bind-address", paramLabel = "ADDR",
            defaultValue = OperatorOptions.DEFAULT_HEALTH_PROBE_BIND_ADDRESS,
            description = "Address of /healthz and /readyz; 0 turns them off. Default: ${DEFAULT-VALUE}.")
    private String healthProbeBindAddress;

    @Option(names = "--leader-elect", arity = "0..1", fallbackValue = "true",
            description = "Only the holder of a Lease reconciles; every replica serves boots. Default: false.")
    private boolean leaderElect;

    @Option(names = "--leader-election-id", paramLabel = "NAME", defaultValue = OperatorOptions.DEFAULT_LEADER_ELECTION_ID,
            description = "Name of the Lease; upstream's, so a Go and a Java operator exclude each other. "
                    + "Default: ${DEFAULT-VALUE}.")
    private String leaderElectionId;

    @Option(names = "--leader-election-namespace", paramLabel = "NAMESPACE",
            description = "Namespace of the Lease. Default: the pod's own namespace.")
    private String leaderElectionNamespace = "";

    @Option(names = "--boot-server-address", paramLabel = "ADDR",
            defaultValue = OperatorOptions.DEFAULT_BOOT_SERVER_ADDRESS,
            description = "Address the boot server listens on: :PORT, HOST:PORT or [IPv6]:PORT. Default: ${DEFAULT-VALUE}.")
    private String bootServerAddress;

    @Option(names = "--image-proxy-server-address", paramLabel = "ADDR",
            defaultValue = OperatorOptions.DEFAULT_IMAGE_PROXY_SERVER_ADDRESS,
            description = "Address the image proxy listens on. Default: ${DEFAULT-VALUE}.")
    private String imageProxyServerAddress;

    @Option(names = "--ipxe-service-url", paramLabel = "URL",
            description = "URL machines reach the boot server at, used in iPXE scripts. When empty, it is "
                    + "<protocol>://$" + IPXE_SERVER_ADDRESS_ENV + ":<port>; without that variable iPXE is off. "
                    + "Default: empty.")
    private String ipxeServiceUrl = "";

    @Option(names = "--ipxe-service-protocol", paramLabel = "PROTOCOL", defaultValue = "http",
            description = "Protocol of the iPXE service URL built from $" + IPXE_SERVER_ADDRESS_ENV
                    + ": http or https. Default: ${DEFAULT-VALUE}.")
    private String ipxeServiceProtocol;

    @Option(names = "--ipxe-service-port", paramLabel = "PORT", defaultValue = "5000",
            description = "Port of the iPXE service URL built from $" + IPXE_SERVER_ADDRESS_ENV
                    + ". Default: ${DEFAULT-VALUE}.")
    private int ipxeServicePort;

    @Option(names = "--image-server-url", paramLabel = "URL",
            description = "URL machines reach the image proxy at; HTTPBootConfig UKI URLs are built on it. Default: empty.")
    private String imageServerUrl = "";

    @Option(names = "--default-httpboot-uki-url", paramLabel = "URL",
            description = "UKI URL for HTTP-boot clients that no HTTPBootConfig matches. Default: empty.")
    private String defaultHttpBootUkiUrl = "";

    @Option(names = "--default-httpboot-oci-image", paramLabel = "IMAGE",
            description = "OCI image whose UKI layer is the default HTTP-boot UKI; wins over --default-httpboot-uki-url. "
                    + "Needs --image-server-url. Default: empty.")
    private String defaultHttpBootOciImage = "";

    @Option(names = "--architecture", paramLabel = "ARCH", defaultValue = OperatorOptions.DEFAULT_ARCHITECTURE,
            description = "Architecture OS images are resolved for, e.g. amd64 or arm64. Default: ${DEFAULT-VALUE}.")
    private String architecture;

    @Option(names = "--allowed-registries", paramLabel = "LIST",
            description = "Comma-separated registries OS images may come from. When empty, only ghcr.io. Default: empty.")
    private String allowedRegistries = "";

    @Option(names = "--insecure-registries", paramLabel = "LIST",
            description = "Comma-separated registries reached over plain http (a local mirror); they must also be "
                    + "allowed. Not in upstream. Default: empty.")
    private String insecureRegistries = "";

    @Option(names = "--controllers", paramLabel = "LIST", defaultValue = "*",
            description = "Controllers to run, comma-separated: * for all, NAME to add one, -NAME to leave one out "
                    + "(e.g. *,-httpbootconfig). Names: " + "ipxebootconfig, serverbootconfigpxe, httpbootconfig, "
                    + "serverbootconfighttp. Default: ${DEFAULT-VALUE}.")
    private String controllers;

    @Option(names = "--honor-boot-method", arity = "0..1", fallbackValue = "true",
            description = "The ServerBootConfiguration controllers follow spec.bootMethod: PXE only gets an "
                    + "IPXEBootConfig, HTTPBoot only an HTTPBootConfig. Default: false, both for every one.")
    private boolean honorBootMethod;

    @Option(names = "--butane-strict", description = "Refuse (500) Butane that butane only warns about, such as "
            + "unknown keys, as butane --strict does. Default: false, as upstream: dropped, logged, Warning Event.")
    private boolean butaneStrict;

    private final Map<String, String> env;
    private final Components components;

    BootOperatorMain(Map<String, String> env, Components components) {
        this.env = Map.copyOf(env);
        this.components = components;
    }

    public static void main(String[] args) {
        System.exit(execute(args, System.getenv(), COMPONENTS, new PrintWriter(System.out, true),
                new PrintWriter(System.err, true)));
    }

    /**
     * Parses, starts and runs until the JVM is asked to stop. Returns the exit code: 2 for a usage error, 1 for a
     * start-up failure; each is reported with one line on {@code err}.
     */
    static int execute(String[] args, Map<String, String> env, Components components, PrintWriter out,
            PrintWriter err) {
        CommandLine cl = new CommandLine(new BootOperatorMain(env, components));
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((e, unused) -> {
            err.println("boot-operator: " + FlagChecks.oneLine(e.getMessage()) + " (see --help)");
            err.flush();
            return CommandLine.ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            err.println("boot-operator: " + FlagChecks.describe(e));
            err.flush();
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cl.execute(args);
    }

    /** Parses and validates the flags without starting anything. */
    static OperatorOptions parse(String[] args, Map<String, String> env) {
        BootOperatorMain command = new BootOperatorMain(env, COMPONENTS);
        new CommandLine(command).parseArgs(args);
        return command.options();
    }

    @Override
    public Integer call() throws Exception {
        OperatorOptions options = options();
        KubernetesClient client = new KubernetesClientBuilder().build();
        CountDownLatch stopped = new CountDownLatch(1);
        try {
            OperatorRuntime runtime = OperatorRuntime.builder(client, options)
                    .controllers(components.controllers())
                    .bootServers(components.bootServers())
                    .identity(identity())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                runtime.close();
                client.close();
                stopped.countDown();
            }, "boot-operator-shutdown"));
        } catch (Exception | Error e) {
            client.close();
            throw e;
        }
        stopped.await();
        return CommandLine.ExitCode.OK;
    }

    /** The pod name (HOSTNAME) and a random suffix, as controller-runtime names Lease holders. */
    private String identity() {
        String host = env.getOrDefault("HOSTNAME", "").trim();
        String random = UUID.randomUUID().toString();
        return host.isEmpty() ? random : host + "_" + random;
    }

    /** The validated options; a bad value is a {@link ParameterException} naming the flag and the value. */
    OperatorOptions options() {
        String arch = checked(() -> FlagChecks.architecture(architecture));
        List<String> allowed = FlagChecks.csv(allowedRegistries);
        RegistryPolicy policy;
        try {
            policy = RegistryPolicy.of(allowed, FlagChecks.csv(insecureRegistries));
        } catch (IllegalArgumentException e) {
            throw usage("--allowed-registries/--insecure-registries: " + e.getMessage());
        }
        Optional<String> imageServer = url("--image-server-url", imageServerUrl);
        Optional<ImageReference> defaultImage = Optional.empty();
        if (!defaultHttpBootOciImage.isBlank()) {
            defaultImage = Optional.of(image("--default-httpboot-oci-image", defaultHttpBootOciImage, policy));
            if (imageServer.isEmpty()) {
                throw usage("--default-httpboot-oci-image needs --image-server-url: the UKI URL machines get is "
                        + "<image server URL>/httpboot/...");
            }
        }
        if (leaderElectionId.isBlank()) {
            throw usage("--leader-election-id: must not be empty");
        }
        OperatorOptions.LeaderElection election = new OperatorOptions.LeaderElection(leaderElect,
                leaderElectionId.trim(), Optional.of(leaderElectionNamespace.trim()).filter(n -> !n.isEmpty()));
        return new OperatorOptions(
                optionalAddress("--metrics-bind-address", metricsBindAddress),
                optionalAddress("--health-probe-bind-address", healthProbeBindAddress),
                election,
                address("--boot-server-address", bootServerAddress),
                address("--image-proxy-server-address", imageProxyServerAddress),
                ipxeServiceUrl(), imageServer, url("--default-httpboot-uki-url", defaultHttpBootUkiUrl), defaultImage,
                arch, policy, controllerSet(), honorBootMethod, butaneStrict);
    }

    /**
     * ironcore's controller switches: {@code *} turns on every controller, {@code NAME} one, {@code -NAME} turns
     * one off; what is not named stays off unless {@code *} is given.
     */
    private Set<String> controllerSet() {
        Set<String> on = new LinkedHashSet<>();
        Set<String> off = new LinkedHashSet<>();
        for (String token : FlagChecks.csv(controllers)) {
            boolean disable = token.startsWith("-");
            String name = disable ? token.substring(1).trim() : token;
            if (name.equals("*")) {
                if (disable) {
                    throw usage("--controllers: '-*' is not allowed; list the controllers to run instead");
                }
                on.addAll(OperatorOptions.CONTROLLERS);
            } else if (!OperatorOptions.CONTROLLERS.contains(name)) {
                throw usage("--controllers: unknown controller '" + name + "' in '" + controllers + "'; valid: "
                        + String.join(", ", OperatorOptions.CONTROLLERS) + " (or * for all)");
            } else if (disable) {
                off.add(name);
            } else {
                on.add(name);
            }
        }
        on.removeAll(off);
        return on;
    }

    private ListenAddress address(String flag, String value) {
        try {
            return ListenAddress.parse(value);
        } catch (IllegalArgumentException e) {
            throw usage(flag + ": " + e.getMessage());
        }
    }

    private Optional<ListenAddress> optionalAddress(String flag, String value) {
        try {
            return value.trim().equals(OperatorOptions.LISTENER_OFF) ? Optional.empty()
                    : Optional.of(ListenAddress.parse(value));
        } catch (IllegalArgumentException e) {
            throw usage(flag + ": " + e.getMessage() + " (or 0 to turn it off)");
        }
    }




    private Optional<String> ipxeServiceUrl() {
        return checked(() -> FlagChecks.ipxeServiceUrl(ipxeServiceUrl, ipxeServiceProtocol, ipxeServicePort, env));
    }

    private Optional<String> url(String flag, String value) {
        return checked(() -> FlagChecks.url(flag, value));
    }

    private ImageReference image(String flag, String value, RegistryPolicy policy) {
        return checked(() -> FlagChecks.image(flag, value, policy));
    }

    private <T> T checked(Supplier<T> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec == null ? new CommandLine(this) : spec.commandLine(), message);
    }


    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = BootOperatorMain.class.getPackage().getImplementationVersion();
            return new String[] {"boot-operator " + (v == null ? "(development build)" : v)};
        }
    }
}
