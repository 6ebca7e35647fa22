package dev.bootoperator.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bootoperator.jetty.BootServerOptions;
import dev.bootoperator.operator.OperatorOptions;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The operator's --image-cache-dir and --image-cache-max-bytes reach the image proxy of its boot servers. */
class InformerBootServersTest {
    @Test
    void theCacheFlagsConfigureTheImageProxysCache() {
        OperatorOptions options = OperatorOptions.defaults();
        OperatorOptions withCache = new OperatorOptions(options.metricsBindAddress(), options.healthProbeBindAddress(),
                options.leaderElection(), options.bootServerAddress(), options.imageProxyServerAddress(),
                options.ipxeServiceUrl(), options.imageServerUrl(), options.defaultHttpBootUkiUrl(),
                options.defaultHttpBootOciImage(), options.architecture(), options.registries(), options.controllers(),
                options.honorBootMethod(), options.metricsServing(),
                new OperatorOptions.ImageCache(Optional.of(Path.of("/var/cache/boot-operator")), 2L << 30));

        BootServerOptions.ImageProxyOptions images = InformerBootServers.DEFAULT.settings(withCache).server().imageProxy();

        assertThat(images.cacheDir()).isEqualTo(Path.of("/var/cache/boot-operator"));
        assertThat(images.cacheMaxBytes()).isEqualTo(2L << 30);
        BootServerOptions.ImageProxyOptions defaults = InformerBootServers.DEFAULT.settings(options).server().imageProxy();
        assertThat(defaults.cacheDir()).isEqualTo(BootServerOptions.ImageProxyOptions.DEFAULTS.cacheDir());
        assertThat(defaults.cacheMaxBytes()).isEqualTo(10L << 30);
    }
}
