package dev.bootoperator.servlet;

import dev.bootoperator.boot.BootRequest;
import dev.bootoperator.boot.BootService;
import dev.bootoperator.boot.ConfigSelector;
import dev.bootoperator.boot.IgnitionUrlSigner;
import dev.bootoperator.boot.TrustedProxies;
import dev.bootoperator.event.BootEventListener;
import dev.bootoperator.ipxe.IpxeScripts;
import dev.bootoperator.oci.BlobCache;
import dev.bootoperator.oci.DockerConfigCredentials;
import dev.bootoperator.oci.ImageProxy;
import dev.bootoperator.oci.ImageReference;
import dev.bootoperator.oci.ImageServerUrl;
import dev.bootoperator.oci.PlatformSelector;
import dev.bootoperator.oci.RegistryClient;
import dev.bootoperator.oci.RegistryPolicy;
import dev.bootoperator.store.BootConfigStore;
import dev.bootoperator.store.DirectoryBootConfigStore;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedding API: one builder for everything a boot server needs, handing back servlets to mount wherever
 * the application wants them. Works in any Servlet 6.0 container (Jetty, Tomcat, Undertow, Spring Boot).
 *
 * <pre>{@code
 * BootServlets boot = BootServlets.builder()
 *         .configDirectory(Path.of("/etc/boot-configs"))       // or .store(yourStore)
 *         .ipxeServiceUrl("http://10.0.0.1:8080/boot")
 *         .imageServerUrl("http://10.0.0.1:8080/boot/httpboot")
 *         .registryPolicy(RegistryPolicy.fromCsv("ghcr.io", ""))
 *         .build();
 * context.addServlet(new ServletHolder(boot.dispatcherServlet()), "/boot/*");   // Jetty; Tomcat: Wrapper
 * // on shutdown: boot.close();
 * }</pre>
 *
 * {@link #dispatcherServlet()} serves every endpoint under one mapping: {@code /image} and
 * {@code /httpboot/…/sha256-….efi} go to the image proxy, everything else ({@code /ipxe}, {@code /httpboot},
 * {@code /ignition}, {@code /healthz}, {@code /readyz}) to the boot endpoints. {@link #bootServlet()} and
 * {@link #imageProxyServlet()} serve one side each, e.g. on two ports. {@link #close()} stops every thread this
 * object started (the directory watcher, downloads, the registry client's HTTP threads).
 */
public final class BootServlets implements AutoCloseable {
    /** The blob cache's directory unless set: {@code boot-operator-image-cache} under {@code java.io.tmpdir}. */
    public static final Path DEFAULT_CACHE_DIRECTORY =
            Path.of(System.getProperty("java.io.tmpdir"), "boot-operator-image-cache");
    /** The blob cache's bound unless set: 10 GiB. */
    public static final long DEFAULT_CACHE_MAX_BYTES = 10L << 30;
    private static final Logger LOG = LoggerFactory.getLogger(BootServlets.class);

    private final BootConfigStore store;
    private final Optional<AutoCloseable> ownedStore;
    private final BootService boot;
    private final RegistryClient registry;
    private final BlobCache cache;
    private final ImageProxy proxy;

    private BootServlets(BootConfigStore store, Optional<AutoCloseable> ownedStore, BootService boot,
            RegistryClient registry, BlobCache cache, ImageProxy proxy) {
        this.store = store;
        this.ownedStore = ownedStore;
        this.boot = boot;
        this.registry = registry;
        this.cache = cache;
        this.proxy = proxy;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** One servlet for the boot endpoints and the image proxy. */
    public HttpServlet dispatcherServlet() {
        return new DispatcherServlet(boot, proxy);
    }

    /** The boot endpoints only. */
    public HttpServlet bootServlet() {
        return new BootServlet(boot);
    }

    /** The image proxy only. */
    public HttpServlet imageProxyServlet() {
        return new ImageProxyServlet(proxy);
    }

    public BootService bootService() {
        return boot;
    }

    public ImageProxy imageProxy() {
        return proxy;
    }

    public BlobCache imageCache() {
        return cache;
    }

    public BootConfigStore store() {
        return store;
    }

    /** Whether a path below the mount point is the image proxy's: {@code /image}, {@code /httpboot/…/….efi}. */
    public static boolean isImageProxyPath(String rawPath) {
        return rawPath.equals("/image") || rawPath.equals("/image/")
                || rawPath.startsWith("/httpboot/") && rawPath.endsWith(".efi");
    }

    /** Stops the directory watcher (if this object opened the directory), downloads and registry threads. */
    @Override
    public void close() {
        cache.close();
        registry.close();
        ownedStore.ifPresent(s -> {
            try {
                s.close();
            } catch (Exception e) {
                // closing a directory store does not fail
            }
        });
    }

    /** Routes each request to the boot endpoints or the image proxy. */
    private static final class DispatcherServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient BootService boot;
        private final transient ImageProxy proxy;

        DispatcherServlet(BootService boot, ImageProxy proxy) {
            this.boot = boot;
            this.proxy = proxy;
        }

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            BootRequest request = BootRequests.of(req);
            if (isImageProxyPath(request.rawPath())) {
                ImageProxyServlet.answer(proxy.handle(request), req, resp);
            } else {
                BootRequests.write(boot.handle(request), req, resp);
            }
        }
    }

    /** Configures {@link BootServlets}. Only the store is required. */
    public static final class Builder {
        private BootConfigStore store;
        private Path configDirectory;
        private String ipxeServiceUrl;
        private Path ipxeTemplate;
        private String imageServerUrl;
        private String defaultUkiUrl;
        private ImageReference defaultUkiImage;
        private RegistryPolicy policy = RegistryPolicy.defaults();
        private DockerConfigCredentials credentials = DockerConfigCredentials.none();
        private String architecture = "amd64";
        private java.time.Duration registryReadTimeout = dev.bootoperator.oci.http.HttpTransport.DEFAULT_READ_TIMEOUT;
        private Path cacheDirectory = DEFAULT_CACHE_DIRECTORY;
        private long cacheMaxBytes = DEFAULT_CACHE_MAX_BYTES;
        private final List<BootEventListener> listeners = new ArrayList<>();
        private TrustedProxies trustedProxies = TrustedProxies.everyone();
        private boolean ignitionSourceCheck;
        private boolean butaneStrict;
        private IgnitionUrlSigner ignitionUrlSigner;
        private ConfigSelector selector = ConfigSelector.FIRST;

        private Builder() {
        }

        /** Who may speak for clients with {@code X-Forwarded-For}; default everyone, as upstream. */
        public Builder trustedProxies(TrustedProxies trustedProxies) {
            this.trustedProxies = Objects.requireNonNull(trustedProxies, "trustedProxies");
            return this;
        }

        /** Answer {@code /ignition/{uuid}} only to the machine's own IPs; see {@link BootService.Builder#ignitionSourceCheck}. */
        public Builder ignitionSourceCheck(boolean enabled) {
            this.ignitionSourceCheck = enabled;
            return this;
        }

        /**
         * Refuse Butane that butane only warns about (unknown keys, ...), as {@code butane --strict}; off by default,
         * as upstream. See {@link BootService.Builder#butaneStrict}.
         */
        public Builder butaneStrict(boolean strict) {
            this.butaneStrict = strict;
            return this;
        }

        /** Sign Ignition URLs in iPXE scripts and require the signature on {@code /ignition/{uuid}}. */
        public Builder ignitionUrlSigner(IgnitionUrlSigner signer) {
            this.ignitionUrlSigner = signer;
            return this;
        }

        /** How to choose when several configs match a machine; default {@link ConfigSelector#FIRST}. */
        public Builder selector(ConfigSelector selector) {
            this.selector = Objects.requireNonNull(selector, "selector");
            return this;
        }

        /** Your own store; you close it. */
        public Builder store(BootConfigStore store) {
            this.store = Objects.requireNonNull(store, "store");
            this.configDirectory = null;
            return this;
        }

        /** A directory of YAML manifests, read recursively and reloaded on change; closed by {@link #close()}. */
        public Builder configDirectory(Path directory) {
            this.configDirectory = Objects.requireNonNull(directory, "directory");
            this.store = null;
            return this;
        }

        /** The URL machines reach the boot endpoints at; without it {@code /ipxe} answers 503. */
        public Builder ipxeServiceUrl(String url) {
            this.ipxeServiceUrl = url;
            return this;
        }

        /** Your own iPXE boot-script template instead of the shipped one. */
        public Builder ipxeTemplate(Path template) {
            this.ipxeTemplate = template;
            return this;
        }

        /**
         * The prefix of UKI URLs, as upstream's {@code --image-server-url}: {@code <url>/<image>/sha256-<hex>.efi}
         * must reach the image proxy's {@code /httpboot/…}, e.g. {@code http://host:8080/boot/httpboot} when the
         * servlets are mounted at {@code /boot/*}. A URL without a path gets {@code /httpboot} (logged). Needed
         * for {@link #defaultUkiImage}.
         */
        public Builder imageServerUrl(String url) {
            this.imageServerUrl = url;
            return this;
        }

        /** The UKI URL for HTTP-boot clients no HTTPBootConfig matches. */
        public Builder defaultUkiUrl(String url) {
            this.defaultUkiUrl = url;
            return this;
        }

        /** The image whose UKI layer is the default UKI, served through the image proxy; wins over the URL. */
        public Builder defaultUkiImage(ImageReference image) {
            this.defaultUkiImage = image;
            return this;
        }

        /** Which registries images may come from, and which over plain http; default ghcr.io only. */
        public Builder registryPolicy(RegistryPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Registry credentials, e.g. {@code DockerConfigCredentials.load(path)}; default anonymous. */
        public Builder registryCredentials(DockerConfigCredentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /** How long a layer download may stall mid-stream before it fails; default 60 s. */
        public Builder registryReadTimeout(java.time.Duration timeout) {
            this.registryReadTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** The platform to resolve image indexes for; default {@code amd64}. */
        public Builder architecture(String architecture) {
            this.architecture = Objects.requireNonNull(architecture, "architecture");
            return this;
        }

        /** The verified blob cache: its directory and bound; default the temp dir and 10 GiB. */
        public Builder imageCache(Path directory, long maxBytes) {
            this.cacheDirectory = Objects.requireNonNull(directory, "directory");
            this.cacheMaxBytes = maxBytes;
            return this;
        }

        /** Adds a listener for boot events (scripts and Ignition served, requests completed). */
        public Builder listener(BootEventListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Opens the directory (if given) and the cache and builds the servlets.
         *
         * @throws IOException when the directory, template or cache cannot be read
         * @throws IllegalStateException when no store is set, or a default UKI image has no image server URL
         * @throws IllegalArgumentException when the image server URL is not an http(s) URL
         */
        public BootServlets build() throws IOException {
            if (store == null && configDirectory == null) {
                throw new IllegalStateException("no config store: set configDirectory(...) or store(...)");
            }
            if (defaultUkiImage != null && (imageServerUrl == null || imageServerUrl.isBlank())) {
                throw new IllegalStateException("defaultUkiImage " + defaultUkiImage
                        + " needs imageServerUrl: the UKI URL machines get is <image server URL>/<image>/sha256-<hex>.efi");
            }
            ImageServerUrl ukiPrefix = null;
            if (imageServerUrl != null && !imageServerUrl.isBlank()) {
                ukiPrefix = ImageServerUrl.of(imageServerUrl);
                if (ukiPrefix.httpbootAppended()) {
                    LOG.warn(ukiPrefix.appendedNote("image server URL (--image-server-url)"));
                }
            }
            IpxeScripts scripts = IpxeScripts.withBootTemplate(Optional.ofNullable(ipxeTemplate));
            Optional<AutoCloseable> owned = Optional.empty();
            BootConfigStore s = store;
            if (s == null) {
                DirectoryBootConfigStore directory = DirectoryBootConfigStore.open(configDirectory);
                owned = Optional.of(directory);
                s = directory;
            }
            BlobCache cache;
            try {
                cache = BlobCache.open(cacheDirectory, cacheMaxBytes);
            } catch (IOException e) {
                closeQuietly(owned);
                throw new IOException("cannot open the image cache in " + cacheDirectory + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                closeQuietly(owned);
                throw e;
            }
            RegistryClient registry = RegistryClient.builder().policy(policy).credentials(credentials)
                    .platform(PlatformSelector.pxe(architecture)).readTimeout(registryReadTimeout).build();
            ImageProxy.Builder proxy = ImageProxy.builder(registry, cache);
            BootService.Builder boot = BootService.builder(s).selector(selector).ipxeScripts(scripts).ipxeServiceUrl(ipxeServiceUrl)
                    .trustedProxies(trustedProxies).ignitionSourceCheck(ignitionSourceCheck)
                    .butaneStrict(butaneStrict);
            if (ignitionUrlSigner != null) {
                boot.ignitionUrlSigner(ignitionUrlSigner);
            }
            listeners.forEach(l -> {
                proxy.listener(l);
                boot.listener(l);
            });
            ImageProxy builtProxy = proxy.build();
            if (defaultUkiImage != null) {
                boot.defaultUkiUrl(builtProxy.defaultUki(ukiPrefix, defaultUkiImage));
            } else {
                boot.defaultUkiUrl(defaultUkiUrl);
            }
            BootService service;
            try {
                service = boot.build();
            } catch (RuntimeException e) {
                cache.close();
                registry.close();
                closeQuietly(owned);
                throw e;
            }
            return new BootServlets(s, owned, service, registry, cache, builtProxy);
        }

        private static void closeQuietly(Optional<AutoCloseable> owned) {
            owned.ifPresent(c -> {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // already failing
                }
            });
        }
    }
}
