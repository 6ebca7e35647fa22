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
import dev.bootoperator.servlet.BootSettings;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    @Option(names = "--metrics-secure", arity = "0..1", fallbackValue = "true", defaultValue = "true",
            description = "Serve /metrics over HTTPS and authenticate (TokenReview) and authorize (SubjectAccessReview, "
                    + "get on /metrics) every scrape, as controller-runtime; false: plain HTTP for anyone. "
                    + "Default: ${DEFAULT-VALUE}.")
    private boolean metricsSecure;

    @Option(names = "--metrics-cert-path", paramLabel = "DIR",
            description = "Directory holding the metrics server's certificate and key; re-read when they change. "
                    + "Default: empty, a self-signed certificate made at start.")
    private String metricsCertPath = "";

    @Option(names = "--metrics-cert-name", paramLabel = "FILE", defaultValue = "tls.crt",
            description = "PEM certificate (chain) in --metrics-cert-path. Default: ${DEFAULT-VALUE}.")
    private String metricsCertName;

    @Option(names = "--metrics-cert-key", paramLabel = "FILE", defaultValue = "tls.key",
            description = "PEM private key (PKCS#8 or PKCS#1 RSA) in --metrics-cert-path. Default: ${DEFAULT-VALUE}.")
    private String metricsCertKey;

    @Option(names = "--enable-http2", arity = "0..1", fallbackValue = "true",
            description = "Upstream's switch for HTTP/2 on the metrics server; accepted, the metrics listener "
                    + "speaks HTTP/1.1 only. Default: false.")
    private boolean enableHttp2;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "kubeconfig file of the cluster. Default: $KUBECONFIG, ~/.kube/config, else the pod's "
                    + "service account.")
    private String kubeconfig = "";

    @Option(names = "--image-cache-dir", paramLabel = "DIR",
            description = "Directory of the image proxy's verified blob cache (the Deployment mounts an emptyDir "
                    + "there). Default: <java.io.tmpdir>/boot-operator-image-cache.")
    private Path imageCacheDir;

    @Option(names = "--image-cache-max-bytes", paramLabel = "SIZE", defaultValue = "10Gi",
            description = "Bound on cached bytes, least recently used evicted first: bytes, or with a suffix Ki, Mi, "
                    + "Gi, Ti. Default: ${DEFAULT-VALUE}.")
    private String imageCacheMaxBytes;

    @Option(names = "--zap-devel", arity = "0..1", fallbackValue = "true",
            description = "controller-runtime's development logging: debug and console; =false: json, info. "
                    + "Default: console at info.")
    private Boolean zapDevel;

    @Option(names = "--zap-encoder", paramLabel = "json|console", description = "Log line format.")
    private String zapEncoder;

    @Option(names = "--zap-log-level", paramLabel = "LEVEL",
            description = "debug, info, error, panic, or an integer > 0 (1 debug, 2 and more trace). Default: info.")
    private String zapLogLevel;

    @Option(names = "--zap-stacktrace-level", paramLabel = "LEVEL",
            description = "info, error or panic: from this level on, logged exceptions carry their stack trace.")
    private String zapStacktraceLevel;

    @Option(names = "--zap-time-encoding", paramLabel = "ENCODING",
            description = "epoch, millis, nano, iso8601, rfc3339 or rfc3339nano. Default: iso8601.")
    private String zapTimeEncoding;

    private static final Logger LOG = LoggerFactory.getLogger(BootOperatorMain.class);

    private final Map<String, String> env;
    private final Components components;
    /** Start-up warnings found while checking the flags, logged once logging is set up. */
    private final List<String> warnings = new java.util.ArrayList<>();

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
        return cl.execute(goFlags(cl).normalize(List.of(args)).toArray(String[]::new));
    }

    /** Go's flag spellings for every option of {@code cl} ({@code -flag}, {@code -flag value}, {@code -bool=F}). */
    static GoFlags goFlags(CommandLine cl) {
        Map<String, GoFlags.Kind> kinds = new java.util.HashMap<>();
        for (CommandLine.Model.OptionSpec option : cl.getCommandSpec().options()) {
            GoFlags.Kind kind = option.arity().max() == 0 ? GoFlags.Kind.SWITCH
                    : option.type() == boolean.class || option.type() == Boolean.class ? GoFlags.Kind.BOOL
                    : GoFlags.Kind.VALUE;
            for (String name : option.names()) {
                if (name.startsWith("--")) {
                    kinds.put(name.substring(2), kind);
                }
            }
        }
        return new GoFlags(kinds);
    }

    /** What the flags say, without starting anything: the options, the logging and the start-up warnings. */
    record Parsed(OperatorOptions options, ZapLogging logging, List<String> warnings) {
    }

    /** Parses and validates the flags as {@link #execute} does (Go spellings included), starting nothing. */
    static Parsed parseAll(String[] args, Map<String, String> env) {
        BootOperatorMain command = new BootOperatorMain(env, COMPONENTS);
        CommandLine cl = new CommandLine(command);
        cl.parseArgs(goFlags(cl).normalize(List.of(args)).toArray(String[]::new));
        ZapLogging logging = command.logging();
        return new Parsed(command.options(), logging, List.copyOf(command.warnings));
    }

    /** Parses and validates the flags without starting anything. */
    static OperatorOptions parse(String[] args, Map<String, String> env) {
        BootOperatorMain command = new BootOperatorMain(env, COMPONENTS);
        CommandLine cl = new CommandLine(command);
        cl.parseArgs(goFlags(cl).normalize(List.of(args)).toArray(String[]::new));
        return command.options();
    }

    /** The logging the zap flags ask for; a bad value is a {@link ParameterException} naming the flag. */
    ZapLogging logging() {
        return checked(() -> ZapLogging.fromFlags(Optional.ofNullable(zapDevel), Optional.ofNullable(zapEncoder),
                Optional.ofNullable(zapLogLevel), Optional.ofNullable(zapStacktraceLevel),
                Optional.ofNullable(zapTimeEncoding)));
    }

    @Override
    public Integer call() throws Exception {
        ZapLogging logging = logging();
        OperatorOptions options = options();
        logging.apply();
        warnings.forEach(LOG::warn);
        if (enableHttp2) {
            LOG.info("--enable-http2: the metrics listener speaks HTTP/1.1 only; the boot servers are unaffected");
        }
        KubernetesClientBuilder clientBuilder = new KubernetesClientBuilder();
        if (!kubeconfig.isBlank()) {
            clientBuilder.withConfig(Config.fromKubeconfig(new java.io.File(kubeconfig.trim())));
        }
        KubernetesClient client = clientBuilder.build();
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
        warnings.clear();
        Optional<String> imageServer = lenientUrl("--image-server-url", imageServerUrl);
        Set<String> enabled = controllerSet();
        if (imageServer.isEmpty() && enabled.contains(BootControllers.SERVER_BOOT_CONFIG_HTTP)) {
            warnings.add("no --image-server-url: ServerBootConfigurations that need HTTP boot get state Error "
                    + "(condition ImageValidation, reason FlagNotSet) until the operator runs with it; iPXE boots are "
                    + "unaffected");
        }
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
        Optional<String> ipxeService = ipxeServiceUrl();
        if (ipxeService.isEmpty() && (enabled.contains(BootControllers.SERVER_BOOT_CONFIG_PXE))) {
            warnings.add("no --ipxe-service-url (nor $" + IPXE_SERVER_ADDRESS_ENV + "): iPXE boots are off (503) and "
                    + "ServerBootConfigurations that need iPXE get state Error (condition ImageValidation, reason "
                    + "FlagNotSet) until the operator runs with it; HTTP boots are unaffected");
        }
        if (!kubeconfig.isBlank() && !java.nio.file.Files.isReadable(Path.of(kubeconfig.trim()))) {
            throw usage("--kubeconfig: '" + kubeconfig + "' is not a readable file");
        }
        return new OperatorOptions(
                optionalAddress("--metrics-bind-address", metricsBindAddress),
                optionalAddress("--health-probe-bind-address", healthProbeBindAddress),
                election,
                address("--boot-server-address", bootServerAddress),
                address("--image-proxy-server-address", imageProxyServerAddress),
                ipxeService, imageServer, url("--default-httpboot-uki-url", defaultHttpBootUkiUrl), defaultImage,
                arch, policy, enabled, honorBootMethod, metricsServing(), imageCache());
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




    /**
     * {@code --ipxe-service-url}, else upstream's {@code $IPXE_SERVER_ADDRESS} fallback; a value that is no URL
     * (a Helm chart's placeholder) is warned about and treated as not given.
     */
    private Optional<String> ipxeServiceUrl() {
        String given = ipxeServiceUrl;
        if (lenientUrl("--ipxe-service-url", given).isEmpty()) {
            given = "";
        }
        String url = given;
        return checked(() -> FlagChecks.ipxeServiceUrl(url, ipxeServiceProtocol, ipxeServicePort, env));
    }

    /**
     * A URL flag whose absence must not stop the process (upstream starts without it): a value that is not an
     * http(s) URL, such as the Helm chart's placeholder {@code ipxe-service-url}, becomes a start-up warning and
     * counts as not given.
     */
    private Optional<String> lenientUrl(String flag, String value) {
        try {
            return FlagChecks.url(flag, value);
        } catch (IllegalArgumentException e) {
            warnings.add(e.getMessage() + "; ignored, as if not given");
            return Optional.empty();
        }
    }

    private OperatorOptions.MetricsServing metricsServing() {
        Optional<Path> dir = Optional.of(metricsCertPath.trim()).filter(p -> !p.isEmpty()).map(Path::of);
        for (String[] file : new String[][] {{"--metrics-cert-name", metricsCertName}, {"--metrics-cert-key", metricsCertKey}}) {
            if (file[1].isBlank()) {
                throw usage(file[0] + ": must not be empty");
            }
        }
        return new OperatorOptions.MetricsServing(metricsSecure, dir, metricsCertName.trim(), metricsCertKey.trim(),
                enableHttp2);
    }

    private OperatorOptions.ImageCache imageCache() {
        try {
            return new OperatorOptions.ImageCache(Optional.ofNullable(imageCacheDir),
                    BootSettings.parseByteSize(imageCacheMaxBytes));
        } catch (IllegalArgumentException e) {
            throw usage("--image-cache-max-bytes: " + e.getMessage());
        }
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
