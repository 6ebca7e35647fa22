package dev.bootoperator.jetty;

import dev.bootoperator.boot.IgnitionUrlSigner;
import dev.bootoperator.boot.TrustedProxies;
import dev.bootoperator.ipxe.IpxeScripts;
import dev.bootoperator.oci.DockerConfigCredentials;
import dev.bootoperator.oci.ImageReference;
import dev.bootoperator.oci.ImageServerUrl;
import dev.bootoperator.oci.RegistryPolicy;
import dev.bootoperator.servlet.BootServlets;
import dev.bootoperator.servlet.BootSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The reference boot server's command line: upstream boot-operator's boot-server flags, plus
 * {@code --config-dir} and {@code --ipxe-template}.
 *
 * <pre>
 * java -jar boot-jetty-app.jar --config-dir samples/local \
 *     --boot-server-address 127.0.0.1:8082 --ipxe-service-url http://127.0.0.1:8082
 * </pre>
 *
 * A usage error exits with 2 and a start-up failure with 1, each with one line on stderr.
 */
@Command(name = "boot-server", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 120,
        versionProvider = BootServerMain.Version.class,
        description = "Serves iPXE scripts, HTTP-boot answers and Ignition for the boot configs in a directory of "
                + "YAML manifests (IPXEBootConfig, HTTPBootConfig, Secret), reloaded while running, and OS image layers "
                + "from OCI registries through a verified cache.")
public final class BootServerMain implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--boot-server-address", paramLabel = "ADDR",
            defaultValue = BootServerOptions.DEFAULT_BOOT_SERVER_ADDRESS, converter = AddressConverter.class,
            description = "Address the boot server listens on: :PORT, HOST:PORT or [IPv6]:PORT. Default: ${DEFAULT-VALUE}.")
    private ListenAddress bootServerAddress;

    @Option(names = "--image-proxy-server-address", paramLabel = "ADDR",
            defaultValue = BootServerOptions.DEFAULT_IMAGE_PROXY_SERVER_ADDRESS, converter = AddressConverter.class,
            description = "Address the image proxy (/image, /httpboot/...efi) listens on. Default: ${DEFAULT-VALUE}.")
    private ListenAddress imageProxyServerAddress;

    @Option(names = "--ipxe-service-url", paramLabel = "URL",
            description = "URL machines reach this server at, used in iPXE scripts. When empty, it is "
                    + "<protocol>://$" + BootServerOptions.IPXE_SERVER_ADDRESS_ENV + ":<port>; without that "
                    + "variable iPXE is disabled and /ipxe answers 503. Default: empty.")
    private String ipxeServiceUrl = "";

    @Option(names = "--ipxe-service-protocol", paramLabel = "PROTOCOL",
            defaultValue = BootServerOptions.DEFAULT_IPXE_SERVICE_PROTOCOL,
            description = "Protocol of the iPXE service URL built from $" + BootServerOptions.IPXE_SERVER_ADDRESS_ENV
                    + ": http or https. Default: ${DEFAULT-VALUE}.")
    private String ipxeServiceProtocol;

    @Option(names = "--ipxe-service-port", paramLabel = "PORT",
            defaultValue = "" + BootServerOptions.DEFAULT_IPXE_SERVICE_PORT,
            description = "Port of the iPXE service URL built from $" + BootServerOptions.IPXE_SERVER_ADDRESS_ENV
                    + ". Default: ${DEFAULT-VALUE}.")
    private int ipxeServicePort;

    @Option(names = "--image-server-url", paramLabel = "URL",
            description = "Prefix of the UKI URLs, as upstream: <URL>/<image>/sha256-<hex>.efi must reach the image "
                    + "proxy's /httpboot/..., e.g. http://boot.example:8083/httpboot; a URL without a path gets "
                    + "/httpboot (logged). The default UKI URL from --default-httpboot-oci-image is built on it. "
                    + "Default: empty.")
    private String imageServerUrl = "";

    @Option(names = "--default-httpboot-uki-url", paramLabel = "URL",
            description = "UKI URL for HTTP-boot clients that no HTTPBootConfig matches; without it they get 500. "
                    + "Default: empty.")
    private String defaultHttpBootUkiUrl = "";

    @Option(names = "--default-httpboot-oci-image", paramLabel = "IMAGE",
            description = "OCI image whose UKI layer is the default HTTP-boot UKI, served through the image proxy; "
                    + "wins over --default-httpboot-uki-url. Needs --image-server-url. Default: empty.")
    private String defaultHttpBootOciImage = "";

    @Option(names = "--architecture", paramLabel = "ARCH", defaultValue = BootServerOptions.DEFAULT_ARCHITECTURE,
            description = "Architecture of the images to resolve: amd64 or arm64. Default: ${DEFAULT-VALUE}.")
    private String architecture;

    @Option(names = "--allowed-registries", paramLabel = "LIST",
            description = "Comma-separated registries images may come from, e.g. ghcr.io,registry.local:5000. "
                    + "When empty, only ghcr.io. Default: empty.")
    private String allowedRegistries = "";

    @Option(names = "--insecure-registries", paramLabel = "LIST",
            description = "Comma-separated registries reached over plain http, e.g. a local registry. Default: empty.")
    private String insecureRegistries = "";

    @Option(names = "--registry-config", paramLabel = "FILE",
            description = "Docker config.json with registry credentials (auths.<host>.auth). Default: none, anonymous.")
    private Path registryConfig;

    @Option(names = "--image-cache-dir", paramLabel = "DIR",
            description = "Directory of the verified blob cache; kept across restarts. Default: "
                    + "<java.io.tmpdir>/boot-operator-image-cache.")
    private Path imageCacheDir;

    @Option(names = "--image-cache-max-bytes", paramLabel = "SIZE", defaultValue = "10Gi",
            description = "Bound on cached bytes, least recently used evicted first: bytes, or with a suffix Ki, Mi, "
                    + "Gi, Ti. Default: ${DEFAULT-VALUE}.")
    private String imageCacheMaxBytes;

    @Option(names = "--registry-read-timeout", paramLabel = "DURATION", defaultValue = "60s",
            description = "How long a layer download may stall mid-stream before it fails (its clients' responses are "
                    + "aborted, nothing is cached): 30s, 2m, PT1M. Default: ${DEFAULT-VALUE}.")
    private String registryReadTimeout;

    @Option(names = "--prefetch", paramLabel = "IMAGE[,IMAGE...]", split = ",",
            description = "Images whose layers (for --architecture) are pulled into the cache at start-up.")
    private List<String> prefetch = List.of();

    @Option(names = "--trusted-proxies", paramLabel = "CIDR[,CIDR...]",
            description = "Hosts allowed to name clients in X-Forwarded-For (the DHCP relay or load balancer in front). "
                    + "From anyone else the header is ignored. Default: empty, every peer is believed, as upstream.")
    private String trustedProxies = "";

    @Option(names = "--ignition-source-check",
            description = "Answer /ignition/{uuid} only to that machine's own IPs (systemIPs, networkIdentifiers); "
                    + "403 otherwise. Use with --trusted-proxies.")
    private boolean ignitionSourceCheck;

    @Option(names = "--butane-strict",
            description = "Refuse (500) Butane that butane only warns about, such as unknown keys, as butane --strict "
                    + "does. Default: false, as upstream: such keys are dropped, logged and counted.")
    private boolean butaneStrict;

    @Option(names = "--ignition-url-signing-key", paramLabel = "FILE",
            description = "Key (at least 16 bytes) to sign the Ignition URL in iPXE scripts with HMAC-SHA256; "
                    + "/ignition/{uuid} then requires a valid, unexpired signature.")
    private Path ignitionUrlSigningKey;

    @Option(names = "--ignition-url-ttl", paramLabel = "DURATION", defaultValue = "1h",
            description = "Lifetime of a signed Ignition URL: 90s, 30m, 1h, PT1H. Default: ${DEFAULT-VALUE}.")
    private String ignitionUrlTtl;

    @Option(names = "--tls-cert-file", paramLabel = "FILE",
            description = "PEM certificate chain: serve both ports over HTTPS (with --tls-key-file). Reloaded when it "
                    + "changes.")
    private Path tlsCertFile;

    @Option(names = "--tls-key-file", paramLabel = "FILE",
            description = "PEM private key (PKCS#8) of --tls-cert-file.")
    private Path tlsKeyFile;

    @Option(names = "--enable-http2",
            description = "Serve HTTP/2 as well (h2 with TLS, h2c without). Off by default, as upstream (HTTP/2 rapid "
                    + "reset).")
    private boolean enableHttp2;

    @Option(names = "--config-dir", paramLabel = "DIR", required = true,
            description = "Directory of YAML manifests (IPXEBootConfig, HTTPBootConfig, Secret), read recursively "
                    + "and reloaded on change.")
    private Path configDir;

    @Option(names = "--ipxe-template", paramLabel = "FILE",
            description = "Boot-script template replacing the shipped one; placeholders {{kernelURL}}, "
                    + "{{initrdURL}}, {{squashfsArgs}}, {{ipxeServiceURL}}, ...")
    private Path ipxeTemplate;

    private final Map<String, String> env;

    BootServerMain(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The JDK HTTP client's read buffer: 16 KiB by default, which caps a layer download at ~0.5 GB/s here. */
    static final String HTTP_CLIENT_BUFFER_PROPERTY = "jdk.httpclient.bufsize";

    public static void main(String[] args) {
        if (System.getProperty(HTTP_CLIENT_BUFFER_PROPERTY) == null) {
            // Before any HttpClient class loads; docs/benchmarks.md has the figures. -D on the command line wins.
            System.setProperty(HTTP_CLIENT_BUFFER_PROPERTY, Integer.toString(256 * 1024));
        }
        System.exit(execute(args, System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Parses, starts and serves until the JVM is asked to stop. Returns the exit code: 2 for a usage error, 1 for
     * a start-up failure; each is reported with one line on {@code err}.
     */
    static int execute(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        return commandLine(env, out, err).execute(args);
    }

    /** Parses and validates the flags without starting anything. */
    static BootServerOptions parse(String[] args, Map<String, String> env) {
        BootServerMain command = new BootServerMain(env);
        new CommandLine(command).parseArgs(args);
        return command.options();
    }

    static CommandLine commandLine(Map<String, String> env, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new BootServerMain(env));
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((e, args) -> {
            // A mistyped flag explains a "missing" required one, so name it first.
            List<String> unmatched = e.getCommandLine().getUnmatchedArguments();
            String message = e instanceof CommandLine.UnmatchedArgumentException || unmatched.isEmpty()
                    ? e.getMessage() : "Unknown option: '" + unmatched.get(0) + "'";
            err.println("boot-server: " + FlagChecks.oneLine(message) + " (see --help)");
            err.flush();
            return CommandLine.ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            err.println("boot-server: " + FlagChecks.describe(e));
            err.flush();
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cl;
    }

    @Override
    public Integer call() throws Exception {
        BootServerOptions options = options();
        try (BootServer server = BootServer.start(options)) {
            server.join();
        }
        return CommandLine.ExitCode.OK;
    }

    /** The validated options; a bad value is a {@link ParameterException} naming the flag. */
    BootServerOptions options() {
        if (!Files.exists(configDir)) {
            throw usage("--config-dir: " + configDir + " does not exist");
        }
        if (!Files.isDirectory(configDir)) {
            throw usage("--config-dir: " + configDir + " is not a directory");
        }
        Optional<Path> template = Optional.ofNullable(ipxeTemplate);
        if (template.isPresent()) {
            try {
                IpxeScripts.withBootTemplate(template);
            } catch (IllegalArgumentException | UncheckedIOException e) {
                throw usage("--ipxe-template: " + FlagChecks.describe(e));
            }
        }
        return new BootServerOptions(bootServerAddress, configDir, ipxeServiceUrl(),
                url("--default-httpboot-uki-url", defaultHttpBootUkiUrl), template, imageProxyOptions(), machineIdentity(),
                transport(), butaneStrict);
    }

    private BootServerOptions.Transport transport() {
        if ((tlsCertFile == null) != (tlsKeyFile == null)) {
            throw usage(tlsCertFile == null ? "--tls-key-file needs --tls-cert-file" : "--tls-cert-file needs --tls-key-file");
        }
        if (tlsCertFile != null) {
            try {
                PemKeyStore.load(tlsCertFile, tlsKeyFile);
            } catch (IOException e) {
                throw usage("--tls-cert-file/--tls-key-file: " + FlagChecks.describe(e));
            }
        }
        return new BootServerOptions.Transport(Optional.ofNullable(tlsCertFile), Optional.ofNullable(tlsKeyFile),
                enableHttp2);
    }

    private BootServerOptions.MachineIdentity machineIdentity() {
        TrustedProxies proxies = TrustedProxies.everyone();
        if (!trustedProxies.isBlank()) {
            try {
                proxies = TrustedProxies.parse(trustedProxies);
            } catch (IllegalArgumentException e) {
                throw usage("--trusted-proxies: " + e.getMessage());
            }
        }
        Optional<IgnitionUrlSigner> signer = Optional.empty();
        if (ignitionUrlSigningKey != null) {
            try {
                signer = Optional.of(BootSettings.signer("--ignition-url-signing-key", ignitionUrlSigningKey,
                        "--ignition-url-ttl", ignitionUrlTtl));
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        } else {
            try {
                BootSettings.parseDuration(ignitionUrlTtl);
            } catch (IllegalArgumentException e) {
                throw usage("--ignition-url-ttl: " + e.getMessage());
            }
        }
        return new BootServerOptions.MachineIdentity(proxies, ignitionSourceCheck, signer);
    }

    private BootServerOptions.ImageProxyOptions imageProxyOptions() {
        String arch = checked(() -> FlagChecks.architecture(architecture));
        List<String> allowed = FlagChecks.csv(allowedRegistries);
        List<String> insecure = FlagChecks.csv(insecureRegistries);
        RegistryPolicy policy;
        try {
            policy = RegistryPolicy.of(allowed, insecure);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        Optional<String> imageServer = url("--image-server-url", imageServerUrl);
        try {
            imageServer.ifPresent(ImageServerUrl::of);
        } catch (IllegalArgumentException e) {
            throw usage("--image-server-url: " + e.getMessage());
        }
        Optional<ImageReference> defaultImage = Optional.empty();
        if (!defaultHttpBootOciImage.isBlank()) {
            ImageReference image = image("--default-httpboot-oci-image", defaultHttpBootOciImage, policy);
            if (imageServer.isEmpty()) {
                throw usage("--default-httpboot-oci-image needs --image-server-url: the UKI URL machines get is "
                        + "<image server URL>/<image>/sha256-<hex>.efi");
            }
            defaultImage = Optional.of(image);
        }
        List<ImageReference> prefetched = prefetch.stream().map(String::trim).filter(i -> !i.isEmpty())
                .map(i -> image("--prefetch", i, policy)).toList();
        Optional<Path> credentials = Optional.ofNullable(registryConfig);
        if (credentials.isPresent()) {
            try {
                DockerConfigCredentials.load(credentials.get());
            } catch (IOException | IllegalArgumentException e) {
                throw usage("--registry-config: " + FlagChecks.describe(e));
            }
        }
        long maxBytes;
        try {
            maxBytes = BootSettings.parseByteSize(imageCacheMaxBytes);
        } catch (IllegalArgumentException e) {
            throw usage("--image-cache-max-bytes: " + e.getMessage());
        }
        java.time.Duration readTimeout;
        try {
            readTimeout = BootSettings.parseDuration(registryReadTimeout);
        } catch (IllegalArgumentException e) {
            throw usage("--registry-read-timeout: " + e.getMessage());
        }
        return new BootServerOptions.ImageProxyOptions(imageProxyServerAddress, imageServer, defaultImage, arch, allowed,
                insecure, credentials,
                imageCacheDir == null ? BootServlets.DEFAULT_CACHE_DIRECTORY : imageCacheDir,
                maxBytes, prefetched, readTimeout);
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


    static final class AddressConverter implements CommandLine.ITypeConverter<ListenAddress> {
        @Override
        public ListenAddress convert(String value) {
            try {
                return ListenAddress.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = BootServerMain.class.getPackage().getImplementationVersion();
            return new String[] {"boot-server " + (v == null ? "(development build)" : v)};
        }
    }
}
