package dev.bootoperator.operator.bootctl;

import static dev.bootoperator.operator.bootctl.Clusters.http;
import static dev.bootoperator.operator.bootctl.Clusters.ipxe;
import static dev.bootoperator.operator.bootctl.Clusters.sbc;
import static dev.bootoperator.operator.bootctl.Clusters.secret;
import static dev.bootoperator.operator.bootctl.Clusters.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bootoperator.operator.BootConfigStatus;
import dev.bootoperator.operator.HTTPBootConfig;
import dev.bootoperator.operator.IPXEBootConfig;
import dev.bootoperator.operator.metal.ServerBootConfiguration;
import dev.bootoperator.operator.testing.MockCluster;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Mover} between two mock API servers. */
class MoverTest {
    private static final String NS = "default";

    private MockCluster sourceCluster;
    private MockCluster targetCluster;
    private KubernetesClient source;
    private KubernetesClient target;

    @BeforeEach
    void start() {
        sourceCluster = MockCluster.start();
        targetCluster = MockCluster.start();
        source = sourceCluster.client();
        target = targetCluster.client();
    }

    @AfterEach
    void stop() {
        sourceCluster.close();
        targetCluster.close();
    }

    /**
     * Source: IPXEBootConfig m1 (owner SBC m1, ignition + iPXE script secrets, a status) and HTTPBootConfig h1
     * (owner SBC h1, sharing m1's ignition secret). Target: SBC m1 only.
     */
    private ServerBootConfiguration givenSourceWithTwoConfigs() {
        ServerBootConfiguration sourceM1 = sbc(source, NS, "m1");
        ServerBootConfiguration sourceH1 = sbc(source, NS, "h1");
        secret(source, NS, "ignition-m1", "ignition", "{\"ignition\":{\"version\":\"3.4.0\"}}");
        secret(source, NS, "script-m1", "ipxe-script", "#!ipxe\nboot");
        IPXEBootConfig m1 = source.resource(ipxe(NS, "m1", "http://images/kernel", "ignition-m1", "script-m1",
                sourceM1)).create();
        BootConfigStatus status = new BootConfigStatus();
        status.setState(BootConfigStatus.READY);
        m1.setStatus(status);
        source.resource(m1).patchStatus();
        source.resource(http(NS, "h1", "ignition-m1", sourceH1)).create();
        return sbc(target, NS, "m1");
    }

    @Test
    void movesConfigsWithTheirSecretsRelinksOwnersAndLeavesTheSourceAlone() {
        ServerBootConfiguration targetM1 = givenSourceWithTwoConfigs();
        Map<String, String> sourceBefore = snapshot(source);

        MoveResult result = new Mover(source, target, MoveOptions.defaults()).move();

        assertThat(result.moved()).extracting(ObjectRef::toString).containsExactly(
                "Secret default/ignition-m1", "Secret default/script-m1",
                "HTTPBootConfig default/h1", "IPXEBootConfig default/m1");
        assertThat(result.skipped()).isEmpty();
        assertThat(result.relinked()).extracting(ObjectRef::toString).containsExactly("IPXEBootConfig default/m1");

        IPXEBootConfig m1 = target.resources(IPXEBootConfig.class).inNamespace(NS).withName("m1").get();
        assertThat(m1.getSpec().getKernelURL()).isEqualTo("http://images/kernel");
        assertThat(m1.getMetadata().getLabels()).containsEntry("app", "boot");
        assertThat(m1.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getName()).isEqualTo("m1");
            assertThat(owner.getUid()).isEqualTo(targetM1.getMetadata().getUid());
            assertThat(owner.getController()).isTrue();
        });
        assertThat(m1.getStatus()).as("status is the target operator's to compute, as upstream").isNull();

        HTTPBootConfig h1 = target.resources(HTTPBootConfig.class).inNamespace(NS).withName("h1").get();
        assertThat(h1.getMetadata().getOwnerReferences()).as("owner SBC h1 is not on the target").isEmpty();
        assertThat(result.entries()).filteredOn(e -> e.object().name().equals("h1")).singleElement()
                .satisfies(e -> assertThat(e.ownerChanges()).containsExactly(
                        new OwnerChange.Dropped("ServerBootConfiguration", "h1", "not found in target cluster")));

        Secret script = target.secrets().inNamespace(NS).withName("script-m1").get();
        assertThat(script.getData()).containsEntry("ipxe-script", source.secrets().inNamespace(NS)
                .withName("script-m1").get().getData().get("ipxe-script"));
        assertThat(snapshot(source)).as("move copies, as upstream").isEqualTo(sourceBefore);
    }

    @Test
    void skipsObjectsIdenticalOnTheTargetSoThatASecondRunChangesNothing() {
        givenSourceWithTwoConfigs();
        new Mover(source, target, MoveOptions.defaults()).move();
        Map<String, String> afterFirstRun = snapshot(target);

        MoveResult again = new Mover(source, target, MoveOptions.defaults()).move();

        assertThat(again.moved()).isEmpty();
        assertThat(again.skipped()).hasSize(4);
        assertThat(snapshot(target)).isEqualTo(afterFirstRun);
    }

    @Test
    void movesOnlyWhatIsMissingWhenPartOfItIsAlreadyThere() {
        givenSourceWithTwoConfigs();
        secret(target, NS, "ignition-m1", "ignition", "{\"ignition\":{\"version\":\"3.4.0\"}}");
        target.resource(http(NS, "h1", "ignition-m1", null)).create();

        MoveResult result = new Mover(source, target, MoveOptions.defaults()).move();

        assertThat(result.skipped()).extracting(ObjectRef::toString)
                .containsExactly("Secret default/ignition-m1", "HTTPBootConfig default/h1");
        assertThat(result.moved()).extracting(ObjectRef::toString)
                .containsExactly("Secret default/script-m1", "IPXEBootConfig default/m1");
    }

    @Test
    void refusesAnObjectThatDiffersOnTheTargetWithoutChangingAnything() {
        givenSourceWithTwoConfigs();
        target.resource(ipxe(NS, "m1", "http://images/OTHER-kernel", "ignition-m1", "script-m1", null)).create();
        Map<String, String> before = snapshot(target);

        assertThatThrownBy(() -> new Mover(source, target, MoveOptions.defaults()).move())
                .isInstanceOf(MoveException.class)
                .hasMessage("IPXEBootConfig default/m1 already exists in target cluster " + target.getMasterUrl()
                        + " with a different spec; delete it there or leave it out with --namespace");
        assertThat(snapshot(target)).isEqualTo(before);
    }

    @Test
    void refusesASecretWhoseDataDiffersOnTheTarget() {
        givenSourceWithTwoConfigs();
        secret(target, NS, "script-m1", "ipxe-script", "#!ipxe\nshell");
        Map<String, String> before = snapshot(target);

        assertThatThrownBy(() -> new Mover(source, target, MoveOptions.defaults()).move())
                .hasMessageStartingWith("Secret default/script-m1 already exists in target cluster");
        assertThat(snapshot(target)).isEqualTo(before);
    }

    @Test
    void requireOwnersFailsBeforeAnyWriteWhenAnOwnerIsMissingOnTheTarget() {
        givenSourceWithTwoConfigs();
        Map<String, String> before = snapshot(target);

        assertThatThrownBy(() -> new Mover(source, target, MoveOptions.defaults().withRequireOwners(true)).move())
                .hasMessage("HTTPBootConfig default/h1: owner ServerBootConfiguration default/h1 not found in target "
                        + "cluster " + target.getMasterUrl() + " (--require-owners)");
        assertThat(snapshot(target)).isEqualTo(before);
    }

    @Test
    void requireOwnersMovesWhenEveryOwnerIsOnTheTarget() {
        givenSourceWithTwoConfigs();
        ServerBootConfiguration targetH1 = sbc(target, NS, "h1");

        MoveResult result = new Mover(source, target, MoveOptions.defaults().withRequireOwners(true)).move();

        assertThat(result.relinked()).hasSize(2);
        List<OwnerReference> owners = target.resources(HTTPBootConfig.class).inNamespace(NS).withName("h1").get()
                .getMetadata().getOwnerReferences();
        assertThat(owners).extracting(OwnerReference::getUid).containsExactly(targetH1.getMetadata().getUid());
    }

    @Test
    void aSecretMissingInTheSourceIsAnErrorNamingTheConfigThatNeedsIt() {
        source.resource(ipxe(NS, "m2", "http://images/kernel", "gone", null, null)).create();

        assertThatThrownBy(() -> new Mover(source, target, MoveOptions.defaults()).move())
                .hasMessage("Secret default/gone (ignitionSecretRef of IPXEBootConfig default/m2) not found in source "
                        + "cluster " + source.getMasterUrl());
        assertThat(target.resources(IPXEBootConfig.class).inAnyNamespace().list().getItems()).isEmpty();
    }

    @Test
    void namespaceLimitsTheMove() {
        givenSourceWithTwoConfigs();
        secret(source, "other", "ignition-x", "ignition", "{}");
        source.resource(ipxe("other", "x", "http://images/kernel", "ignition-x", null, null)).create();

        MoveResult result = new Mover(source, target, MoveOptions.defaults().inNamespace("other")).move();

        assertThat(result.moved()).extracting(ObjectRef::toString)
                .containsExactly("Secret other/ignition-x", "IPXEBootConfig other/x");
        assertThat(target.resources(IPXEBootConfig.class).inNamespace(NS).withName("m1").get()).isNull();
    }

    @Test
    void dryRunPlansTheSameMoveAndChangesNothing() {
        givenSourceWithTwoConfigs();
        Map<String, String> before = snapshot(target);

        MoveResult planned = new Mover(source, target, MoveOptions.defaults().withDryRun(true)).move();

        assertThat(planned.dryRun()).isTrue();
        assertThat(planned.moved()).hasSize(4);
        assertThat(snapshot(target)).isEqualTo(before);
        assertThat(new Mover(source, target, MoveOptions.defaults()).move().entries()).isEqualTo(planned.entries());
    }

    @Test
    void aFailedCreateRestoresTheTargetToItsPreviousState() {
        givenSourceWithTwoConfigs();
        Map<String, String> before = snapshot(target);
        Clusters.FaultyClient faulty = new Clusters.FaultyClient(target).failCreateOf("m1");

        try (KubernetesClient failing = faulty.client) {
            assertThatThrownBy(() -> new Mover(source, failing, MoveOptions.defaults()).move())
                    .isInstanceOf(MoveException.class)
                    .hasMessageStartingWith("creating IPXEBootConfig default/m1 in target cluster "
                            + target.getMasterUrl() + " failed: ")
                    .hasMessageContaining("injected fault")
                    .hasMessageEndingWith("; rolled back: deleted the 3 object(s) this run had created");
        }
        assertThat(snapshot(target)).isEqualTo(before);
    }

    @Test
    void aFailedRollbackIsReportedWithTheOriginalError() {
        givenSourceWithTwoConfigs();
        Map<String, String> before = snapshot(target);
        Clusters.FaultyClient faulty = new Clusters.FaultyClient(target).failCreateOf("m1")
                .failDeleteOf("script-m1");

        try (KubernetesClient failing = faulty.client) {
            assertThatThrownBy(() -> new Mover(source, failing, MoveOptions.defaults()).move())
                    .hasMessageStartingWith("creating IPXEBootConfig default/m1 in target cluster")
                    .hasMessageContaining("; ROLLBACK FAILED, still in target cluster: Secret default/script-m1 (")
                    .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        }
        Map<String, String> after = snapshot(target);
        assertThat(after.keySet()).containsExactlyInAnyOrderElementsOf(
                concat(before.keySet(), "Secret default/script-m1"));
        after.remove("Secret default/script-m1");
        assertThat(after).as("everything else was rolled back").isEqualTo(before);
    }

    private static List<String> concat(java.util.Set<String> keys, String extra) {
        List<String> all = new java.util.ArrayList<>(keys);
        all.add(extra);
        return all;
    }
}
