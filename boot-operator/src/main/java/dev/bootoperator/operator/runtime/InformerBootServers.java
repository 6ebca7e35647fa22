package dev.bootoperator.operator.runtime;

import dev.bootoperator.jetty.BootServerOptions;
import dev.bootoperator.operator.OperatorOptions;
import dev.bootoperator.operator.serve.OperatorBootServerSettings;
import dev.bootoperator.operator.serve.OperatorBootServers;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The operator's {@link BootServers}: {@link OperatorBootServers} (the reference Jetty server on informer caches)
 * configured from the operator's flags. {@link OperatorBootServers#start} returns once every informer has its
 * initial list, so the servers are ready from then on.
 *
 * @param cacheDir the image proxy's blob cache, overriding {@code --image-cache-dir} (tests); empty: the flag's, else
 *                 the reference server's default under {@code java.io.tmpdir}
 */
public record InformerBootServers(Optional<Path> cacheDir) implements BootServers.Factory {
    /** With the reference server's default cache directory. */
    public static final InformerBootServers DEFAULT = new InformerBootServers(Optional.empty());

    public InformerBootServers {
        Objects.requireNonNull(cacheDir, "cacheDir");
    }

    @Override
    public BootServers start(BootServers.Context context) throws Exception {
        OperatorBootServers servers = OperatorBootServers.start(context.client(), settings(context.options()),
                context.meterRegistry());
        return new BootServers() {
            @Override
            public boolean ready() {
                return true;
            }

            @Override
            public void close() {
                servers.close();
            }

            @Override
            public String toString() {
                return "boot servers on " + servers.uri();
            }
        };
    }

    /** The boot servers' settings from the operator's flags; the rest as the reference server's defaults. */
    OperatorBootServerSettings settings(OperatorOptions options) {
        return OperatorBootServerSettings.fromFlags(options.bootServerAddress(), options.imageProxyServerAddress(),
                options.ipxeServiceUrl(), options.imageServerUrl(), options.defaultHttpBootUkiUrl(),
                options.defaultHttpBootOciImage(), options.architecture(), options.registries(),
                cacheDir.or(() -> options.imageCache().dir())
                        .orElse(BootServerOptions.ImageProxyOptions.DEFAULTS.cacheDir()),
                options.imageCache().maxBytes());
    }
}
