package dev.bootoperator.operator.runtime;

import dev.bootoperator.jetty.ListenAddress;
import dev.bootoperator.operator.OperatorOptions;
import dev.bootoperator.operator.reconcile.BootControllers;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One operator process, running: the JOSDK {@link Operator} with the registered controllers (leader-gated when
 * {@code --leader-elect} is set), the boot servers (in every replica), {@code /healthz} and {@code /readyz} on the
 * probe address and Prometheus {@code /metrics} on the metrics address.
 *
 * <pre>{@code
 * try (OperatorRuntime runtime = OperatorRuntime.builder(client, options)
 *         .controllers((operator, opts) -> operator.register(new MyReconciler()))
 *         .start()) {
 *     runtime.awaitShutdown();
 * }
 * }</pre>
 *
 * The operator never uses server-side apply for the primary resource ({@code withUseSSAToPatchPrimaryResource(false)}):
 * status is patched with JSON merge patches, in production as against the mock API server in tests. The client
 * belongs to the caller and stays open when the runtime closes.
 */
public final class OperatorRuntime implements AutoCloseable {
    /** Content type of the Prometheus text format 0.0.4. */
    static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final Logger LOG = LoggerFactory.getLogger(OperatorRuntime.class);

    private final Operator operator;
    private final PrometheusMeterRegistry registry;
    private final List<AutoCloseable> resources;
    private final AtomicBoolean started;
    private final AtomicBoolean closing;
    private final AtomicBoolean leader;
    private final Optional<AdminServer> probes;
    private final Optional<AdminServer> metrics;
    private final BootServers bootServers;
    private final Optional<String> identity;

    private OperatorRuntime(Operator operator, PrometheusMeterRegistry registry, List<AutoCloseable> resources,
            AtomicBoolean started, AtomicBoolean closing, AtomicBoolean leader, Optional<AdminServer> probes,
            Optional<AdminServer> metrics, BootServers bootServers, Optional<String> identity) {
        this.operator = operator;
        this.registry = registry;
        this.resources = resources;
        this.started = started;
        this.closing = closing;
        this.leader = leader;
        this.probes = probes;
        this.metrics = metrics;
        this.bootServers = bootServers;
        this.identity = identity;
    }

    /** A runtime on {@code client} with the given options; nothing runs before {@link Builder#start()}. */
    public static Builder builder(KubernetesClient client, OperatorOptions options) {
        return new Builder(client, options);
    }

    /** The lease timings, as controller-runtime's defaults: 15 s lease, 10 s renew deadline, 2 s retry period. */
    public record LeaseTimings(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
        public static final LeaseTimings DEFAULT = new LeaseTimings(Duration.ofSeconds(15), Duration.ofSeconds(10),
                Duration.ofSeconds(2));

        public LeaseTimings {
            if (leaseDuration.compareTo(renewDeadline) <= 0 || renewDeadline.compareTo(retryPeriod) <= 0) {
                throw new IllegalArgumentException("need leaseDuration > renewDeadline > retryPeriod, got "
                        + leaseDuration + ", " + renewDeadline + ", " + retryPeriod);
            }
        }
    }

    /** Assembles and starts a runtime. */
    public static final class Builder {
        private final KubernetesClient client;
        private final OperatorOptions options;
        private ControllerRegistrar controllers = ControllerRegistrar.NONE;
        private BootServers.Factory bootServers = BootServers.Factory.NONE;
        private LeaseTimings leaseTimings = LeaseTimings.DEFAULT;
        private Optional<String> identity = Optional.empty();
        private boolean exitOnLostLease = true;

        private Builder(KubernetesClient client, OperatorOptions options) {
            this.client = Objects.requireNonNull(client, "client");
            this.options = Objects.requireNonNull(options, "options");
        }

        /** Registers the reconcilers; by default none. */
        public Builder controllers(ControllerRegistrar registrar) {
            this.controllers = Objects.requireNonNull(registrar, "registrar");
            return this;
        }

        /** Starts the boot servers; by default none. */
        public Builder bootServers(BootServers.Factory factory) {
            this.bootServers = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /** How long a Lease is held without renewal; tests shorten it. */
        public Builder leaseTimings(LeaseTimings timings) {
            this.leaseTimings = Objects.requireNonNull(timings, "timings");
            return this;
        }

        /** This replica's name in the Lease's {@code holderIdentity}; by default a random UUID. */
        public Builder identity(String name) {
            this.identity = Optional.of(name);
            return this;
        }

        /**
         * Whether losing the Lease ends the process (status 1), as controller-runtime does, so that a replica that
         * may have missed renewals never reconciles next to the new leader; the Deployment restarts it. Closing
         * the runtime steps down without exiting. Off, a replica that lost the Lease goes on reconciling (JOSDK
         * does not stop its event processing): only for tests that run several replicas in one JVM.
         */
        public Builder exitOnLostLease(boolean exit) {
            this.exitOnLostLease = exit;
            return this;
        }

        /**
         * Registers the controllers, opens the metrics and probe listeners, starts the boot servers, then the
         * operator (which returns once its informer caches have synced). Throws when a listener cannot bind or the
         * operator cannot start; nothing is left running then.
         */
        public OperatorRuntime start() throws Exception {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            List<AutoCloseable> resources = new ArrayList<>();
            resources.add(registry::close);
            AtomicBoolean started = new AtomicBoolean();
            AtomicBoolean closing = new AtomicBoolean();
            AtomicBoolean leader = new AtomicBoolean(!options.leaderElection().enabled());
            try {
                bindProcessMetrics(registry, resources);
                Gauge.builder("boot_operator_leader", leader, l -> l.get() ? 1 : 0)
                        .description("1 while this replica runs the reconcilers (holds the Lease, or no leader election)")
                        .register(registry);
                Operator operator = new Operator(o -> {
                    BootControllers.configure(o.withKubernetesClient(client))
                            .withCloseClientOnStop(false)
                            .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
                    leaderElection(leader, closing).ifPresent(o::withLeaderElectionConfiguration);
                });
                resources.add(controllers.register(operator, options));

                Optional<AdminServer> metrics = Optional.empty();
                if (options.metricsBindAddress().isPresent()) {
                    metrics = Optional.of(startMetrics(registry));
                    resources.add(metrics.get());
                }
                BootServers[] boot = {BootServers.NONE};
                Optional<AdminServer> probes = Optional.empty();
                if (options.healthProbeBindAddress().isPresent()) {
                    Map<String, Supplier<AdminServer.Response>> routes = new LinkedHashMap<>();
                    routes.put("/healthz", () -> respond(liveness(operator, started), 500));
                    routes.put("/readyz", () -> respond(readiness(operator, started, boot[0]), 503));
                    probes = Optional.of(AdminServer.start("probes", options.healthProbeBindAddress().get(), routes));
                    resources.add(probes.get());
                }
                boot[0] = Objects.requireNonNull(bootServers.start(new BootServers.Context(client, options, registry)),
                        "the boot servers factory returned null");
                resources.add(boot[0]);

                if (operator.getRegisteredControllersNumber() > 0) {
                    resources.add(operator::stop);
                    operator.start();
                } else {
                    // JOSDK refuses to start without a controller; with --controllers turning all off, serve only.
                    LOG.info("no controller enabled (--controllers): serving boots only, no reconciling, no Lease");
                    leader.set(false);
                }
                started.set(true);
                OperatorRuntime runtime = new OperatorRuntime(operator, registry, resources, started, closing, leader,
                        probes, metrics, boot[0], identity);
                runtime.logStartup(options);
                return runtime;
            } catch (Exception | Error e) {
                closing.set(true);
                closeAll(resources);
                throw e;
            }
        }

        /**
         * {@code /metrics} as controller-runtime serves it: with {@code --metrics-secure} over HTTPS and only to
         * scrapers the API server authenticates and authorizes; otherwise plain HTTP for anyone.
         */
        private AdminServer startMetrics(PrometheusMeterRegistry registry) throws Exception {
            OperatorOptions.MetricsServing serving = options.metricsServing();
            Map<String, Supplier<AdminServer.Response>> routes = Map.of("/metrics", () -> new AdminServer.Response(
                    200, PROMETHEUS_CONTENT_TYPE, registry.scrape().getBytes(StandardCharsets.UTF_8)));
            if (!serving.secure()) {
                return AdminServer.start("metrics", options.metricsBindAddress().get(), routes);
            }
            ScrapeAuthorizer authorizer = new ScrapeAuthorizer(client);
            AdminServer.Gate gate = (method, path, authorization) ->
                    authorizer.decide(method, path, authorization) instanceof ScrapeAuthorizer.Refused refused
                            ? Optional.of(AdminServer.Response.text(refused.status(), refused.message() + "\n"))
                            : Optional.empty();
            return AdminServer.start("metrics", options.metricsBindAddress().get(),
                    Optional.of(MetricsTls.context(serving)), gate, routes);
        }

        private Optional<LeaderElectionConfiguration> leaderElection(AtomicBoolean leader, AtomicBoolean closing) {
            OperatorOptions.LeaderElection election = options.leaderElection();
            if (!election.enabled()) {
                return Optional.empty();
            }
            String namespace = election.namespace().orElse(client.getNamespace());
            if (namespace == null || namespace.isBlank()) {
                throw new IllegalArgumentException("--leader-elect needs a namespace for the Lease "
                        + election.leaseName() + ": set --leader-election-namespace, or run in a pod");
            }
            LeaderElectionConfigurationBuilder builder = LeaderElectionConfigurationBuilder
                    .aLeaderElectionConfiguration(election.leaseName())
                    .withLeaseNamespace(namespace)
                    .withLeaseDuration(leaseTimings.leaseDuration())
                    .withRenewDeadline(leaseTimings.renewDeadline())
                    .withRetryPeriod(leaseTimings.retryPeriod())
                    // JOSDK's own exit would also fire when close() cancels the election, inside shutdown hooks.
                    .withExitOnStopLeading(false)
                    .withLeaderCallbacks(new LeaderCallbacks(
                            () -> {
                                leader.set(true);
                                LOG.info("became leader (Lease {}/{}): reconciling", namespace, election.leaseName());
                            },
                            () -> {
                                leader.set(false);
                                if (closing.get()) {
                                    LOG.info("stopped leading (Lease {}/{}): shutting down", namespace,
                                            election.leaseName());
                                } else if (exitOnLostLease) {
                                    LOG.error("lost the Lease {}/{}: exiting so that a restarted replica joins the "
                                            + "election afresh", namespace, election.leaseName());
                                    Thread exit = new Thread(() -> System.exit(1), "lost-lease-exit");
                                    exit.start();
                                } else {
                                    LOG.warn("lost the Lease {}/{}", namespace, election.leaseName());
                                }
                            },
                            holder -> LOG.info("leader of Lease {}/{} is {}", namespace, election.leaseName(), holder)));
            identity.ifPresent(builder::withIdentity);
            return Optional.of(builder.build());
        }
    }

    private static void bindProcessMetrics(PrometheusMeterRegistry registry, List<AutoCloseable> resources) {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        resources.add(gc);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** The answer of a probe: healthy, or the reasons it is not. */
    public record Check(boolean ok, List<String> problems) {
        public Check {
            problems = List.copyOf(problems);
        }

        static Check of(List<String> problems) {
            return new Check(problems.isEmpty(), problems);
        }
    }

    /** Liveness: the process is up and, once started, every informer of the operator is healthy. */
    static Check liveness(Operator operator, AtomicBoolean started) {
        List<String> problems = new ArrayList<>();
        if (started.get() && operator.getRegisteredControllersNumber() > 0) {
            unhealthyEventSources(operator.getRuntimeInfo(), problems);
        }
        return Check.of(problems);
    }

    /** Readiness: the informer caches have synced, stay healthy, and the boot servers' store is ready. */
    static Check readiness(Operator operator, AtomicBoolean started, BootServers bootServers) {
        List<String> problems = new ArrayList<>();
        if (!started.get()) {
            problems.add("operator starting: informer caches not synced yet");
        } else if (operator.getRegisteredControllersNumber() > 0) {
            unhealthyEventSources(operator.getRuntimeInfo(), problems);
        }
        if (!bootServers.ready()) {
            problems.add("boot servers not ready: store not synced yet");
        }
        return Check.of(problems);
    }

    private static void unhealthyEventSources(RuntimeInfo info, List<String> problems) {
        if (!info.allEventSourcesAreHealthy()) {
            info.unhealthyEventSources().forEach((controller, sources) -> sources.forEach((name, source) ->
                    problems.add("controller " + controller + ": event source " + name + " is " + source.getStatus())));
            if (problems.isEmpty()) {
                problems.add("an event source is unhealthy");
            }
        }
    }

    private static AdminServer.Response respond(Check check, int failureStatus) {
        return check.ok() ? AdminServer.Response.text(200, "ok\n")
                : AdminServer.Response.text(failureStatus, String.join("\n", check.problems()) + "\n");
    }

    /** The JOSDK operator, e.g. to look up a registered controller. */
    public Operator operator() {
        return operator;
    }

    /** The registry {@code /metrics} serves; the boot servers add their meters to it. */
    public PrometheusMeterRegistry meterRegistry() {
        return registry;
    }

    /**
     * Whether this replica runs the reconcilers now: it holds the Lease, or leader election is off; never when
     * {@code --controllers} turned every controller off.
     */
    public boolean isLeader() {
        return leader.get();
    }

    /** The liveness answer {@code /healthz} gives. */
    public Check liveness() {
        return liveness(operator, started);
    }

    /** The readiness answer {@code /readyz} gives. */
    public Check readiness() {
        return readiness(operator, started, bootServers);
    }

    /** Where the probes listen (the bound port when port 0 was asked for); empty when off. */
    public Optional<ListenAddress> probeAddress() {
        return probes.map(AdminServer::address);
    }

    /** Where {@code /metrics} listens; empty when off. */
    public Optional<ListenAddress> metricsAddress() {
        return metrics.map(AdminServer::address);
    }

    private void logStartup(OperatorOptions options) {
        LOG.info("operator started: controllers {}, leader election {}{}; probes on {}, metrics on {}",
                operator.getRegisteredControllers().stream().map(c -> c.getConfiguration().getName()).sorted().toList(),
                options.leaderElection().enabled() ? "on (Lease " + options.leaderElection().leaseName() + ")" : "off",
                identity.map(i -> ", identity " + i).orElse(""),
                probeAddress().map(Object::toString).orElse("(off)"),
                metricsAddress().map(Object::toString).orElse("(off)"));
    }

    /** Stops the operator (and its Lease renewal), the boot servers, then the probe and metrics listeners. */
    @Override
    public void close() {
        closing.set(true);
        started.set(false);
        closeAll(resources);
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("stopping {}: {}", resources.get(i), e.toString());
            }
        }
        resources.clear();
    }
}
