package dev.bootoperator.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bootoperator.operator.IPXEBootConfig;
import dev.bootoperator.operator.IPXEBootConfigSpec;
import dev.bootoperator.operator.OperatorOptions;
import dev.bootoperator.operator.testing.MockCluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two operator replicas on one API server with {@code --leader-elect}: the Lease holder reconciles, the other only
 * keeps its caches, and takes over when the holder stops.
 */
class LeaderElectionTest {
    private static final String NAMESPACE = "boot-system";
    private static final String LEASE = "boot-operator-test-lease";
    private static final OperatorRuntime.LeaseTimings SHORT = new OperatorRuntime.LeaseTimings(
            Duration.ofMillis(2000), Duration.ofMillis(1500), Duration.ofMillis(200));

    private MockCluster cluster;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    /** Object name to the replicas that reconciled it. */
    private final Map<String, Set<String>> reconciledBy = new ConcurrentHashMap<>();

    @BeforeEach
    void startCluster() {
        cluster = MockCluster.start();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        cluster.close();
    }

    @Test
    void onlyTheLeaseHolderReconcilesAndTheOtherTakesOverWhenItStops() throws Exception {
        OperatorRuntime a = replica("replica-a");
        waitFor(Duration.ofSeconds(10), a::isLeader);
        OperatorRuntime b = replica("replica-b");

        for (int i = 0; i < 5; i++) {
            create("machine-" + i);
        }
        waitFor(Duration.ofSeconds(10), () -> reconciledBy.size() == 5);
        Thread.sleep(SHORT.leaseDuration().toMillis()); // time for a wrongly running second reconciler to show

        assertThat(reconciledBy.values()).allSatisfy(replicas -> assertThat(replicas).containsExactly("replica-a"));
        assertThat(a.isLeader()).isTrue();
        assertThat(b.isLeader()).isFalse();
        Lease lease = cluster.client().leases().inNamespace(NAMESPACE).withName(LEASE).get();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("replica-a");
        assertThat(b.readiness().ok()).as("a follower serves boots, so it is ready: " + b.readiness()).isTrue();

        long stoppedAt = System.nanoTime();
        a.close();
        create("machine-after-failover");
        waitFor(SHORT.leaseDuration().plus(SHORT.renewDeadline()).plusSeconds(3),
                () -> reconciledBy.getOrDefault("machine-after-failover", Set.of()).contains("replica-b"));
        Duration takeover = Duration.ofNanos(System.nanoTime() - stoppedAt);

        assertThat(b.isLeader()).isTrue();
        assertThat(reconciledBy.get("machine-after-failover")).containsExactly("replica-b");
        assertThat(cluster.client().leases().inNamespace(NAMESPACE).withName(LEASE).get().getSpec().getHolderIdentity())
                .isEqualTo("replica-b");
        assertThat(takeover).as("the follower waits out the stale lease, no more")
                .isLessThan(SHORT.leaseDuration().plus(SHORT.renewDeadline()).plusSeconds(3));
    }

    @Test
    void closingTheLeaderStepsDownWithoutEndingTheProcess() throws Exception {
        KubernetesClient client = cluster.newClient();
        toClose.add(client);
        OperatorOptions options = OperatorOptions.defaults().withListeners(Optional.empty(), Optional.empty())
                .withLeaderElection(new OperatorOptions.LeaderElection(true, LEASE, Optional.of(NAMESPACE)));
        // exitOnLostLease as in production: a lost Lease ends the process, a close() must not.
        OperatorRuntime runtime = OperatorRuntime.builder(client, options)
                .controllers(ControllerRegistrar.of((operator, opts) -> operator.register(new RecordingReconciler("only", reconciledBy))))
                .identity("only")
                .start();
        waitFor(Duration.ofSeconds(10), runtime::isLeader);

        runtime.close();

        assertThat(runtime.isLeader()).isFalse();
        Thread.sleep(500); // an exit would have ended this JVM (and failed the build) by now
    }

    @Test
    void withoutLeaderElectionEveryReplicaReconciles() throws Exception {
        replica("replica-a", false);
        replica("replica-b", false);

        create("machine-0");

        waitFor(Duration.ofSeconds(10),
                () -> reconciledBy.getOrDefault("machine-0", Set.of()).containsAll(Set.of("replica-a", "replica-b")));
        assertThat(cluster.client().leases().inNamespace(NAMESPACE).withName(LEASE).get()).isNull();
    }

    private OperatorRuntime replica(String name) throws Exception {
        return replica(name, true);
    }

    private OperatorRuntime replica(String name, boolean leaderElect) throws Exception {
        KubernetesClient client = cluster.newClient();
        toClose.add(client);
        OperatorOptions options = OperatorOptions.defaults()
                .withListeners(Optional.empty(), Optional.empty())
                .withLeaderElection(new OperatorOptions.LeaderElection(leaderElect, LEASE, Optional.of(NAMESPACE)));
        OperatorRuntime runtime = OperatorRuntime.builder(client, options)
                .controllers(ControllerRegistrar.of((operator, opts) -> operator.register(new RecordingReconciler(name, reconciledBy))))
                .leaseTimings(SHORT)
                .identity(name)
                .exitOnLostLease(false)
                .start();
        toClose.add(runtime);
        return runtime;
    }

    private void create(String name) {
        IPXEBootConfig config = new IPXEBootConfig();
        config.setMetadata(new ObjectMetaBuilder().withNamespace("default").withName(name).build());
        IPXEBootConfigSpec spec = new IPXEBootConfigSpec();
        spec.setSystemUUID("uuid-" + name);
        config.setSpec(spec);
        cluster.client().resource(config).create();
    }

    private static void waitFor(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(50);
        }
    }

    /** Records which replica reconciled which object, and changes nothing. */
    @ControllerConfiguration(name = "recording")
    static final class RecordingReconciler implements Reconciler<IPXEBootConfig> {
        private final String replica;
        private final Map<String, Set<String>> reconciledBy;

        RecordingReconciler(String replica, Map<String, Set<String>> reconciledBy) {
            this.replica = replica;
            this.reconciledBy = reconciledBy;
        }

        @Override
        public UpdateControl<IPXEBootConfig> reconcile(IPXEBootConfig resource, Context<IPXEBootConfig> context) {
            reconciledBy.computeIfAbsent(resource.getMetadata().getName(), n -> ConcurrentHashMap.newKeySet())
                    .add(replica);
            return UpdateControl.noUpdate();
        }
    }
}
