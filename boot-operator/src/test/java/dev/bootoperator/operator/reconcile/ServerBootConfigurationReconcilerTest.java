package dev.bootoperator.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bootoperator.oci.TestImages;
import dev.bootoperator.operator.BootConfigStatus;
import dev.bootoperator.operator.HTTPBootConfig;
import dev.bootoperator.operator.IPXEBootConfig;
import dev.bootoperator.operator.metal.NetworkInterface;
import dev.bootoperator.operator.metal.Server;
import dev.bootoperator.operator.metal.ServerBootConfiguration;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The four controllers with default settings (both children for every ServerBootConfiguration), end to end. */
class ServerBootConfigurationReconcilerTest {
    private static final String NS = "default";

    @TempDir
    static Path dir;
    static OperatorFixture fx;

    @BeforeAll
    static void start() {
        fx = OperatorFixture.start(dir, false);
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    private static NetworkInterface nic(String name, String ip, List<String> ips, String mac) {
        NetworkInterface nic = new NetworkInterface(name, ip, mac);
        nic.setIps(ips);
        return nic;
    }

    private static Optional<Condition> condition(BootConfigStatus status, String type) {
        return status == null ? Optional.empty()
                : status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** Changes spec.image; the controllers write the status meanwhile, so a 409 Conflict is retried. */
    private static void setImage(String name, String image) {
        for (int attempt = 1; ; attempt++) {
            try {
                fx.client.resources(ServerBootConfiguration.class).inNamespace(NS).withName(name).edit(s -> {
                    s.getSpec().setImage(image);
                    return s;
                });
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 10) {
                    throw e;
                }
            }
        }
    }

    private static String encoded(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void serverSbcAndSecretGiveBothChildrenWithUpstreamUrlsAndIdentifiers() {
        fx.createServer("flow-server", "4c4c4544-0001", List.of(
                nic("eth0", "10.0.0.5", List.of("10.0.0.5", "fd00::5"), "aa:bb:cc:dd:ee:01"),
                nic("eth1", "10.0.1.5", List.of(), "aa:bb:cc:dd:ee:02")));
        fx.createSecret(NS, "flow-ignition", Map.of("ignition", "{\"ignition\":{\"version\":\"3.4.0\"}}"));
        fx.createSbc(NS, "flow", "flow-server", fx.image(TestImages.MULTI_ARCH), "flow-ignition", null);

        ServerBootConfiguration sbc = fx.awaitSbcState(NS, "flow", BootConfigStatus.READY);
        IPXEBootConfig ipxe = Await.until("IPXEBootConfig flow Ready", () -> fx.ipxe(NS, "flow"),
                c -> c != null && BootConfigStatus.READY.equals(OperatorFixture.state(c.getStatus())));
        HTTPBootConfig http = Await.until("HTTPBootConfig flow Ready", () -> fx.http(NS, "flow"),
                c -> c != null && BootConfigStatus.READY.equals(OperatorFixture.state(c.getStatus())));

        String imageName = encoded(fx.registry.address() + "/" + TestImages.MULTI_ARCH);
        String prefix = OperatorFixture.IPXE_SERVICE_URL + "/image?imageName=" + imageName + "&layerDigest=sha256%3A";
        assertThat(ipxe.getSpec().getSystemUUID()).isEqualTo("4c4c4544-0001");
        assertThat(ipxe.getSpec().getSystemIPs()).containsExactly("10.0.0.5", "fd00::5", "10.0.1.5");
        assertThat(ipxe.getSpec().getKernelURL())
                .isEqualTo(prefix + fx.images.amd64Kernel.digest().hex() + "&version=1.0");
        assertThat(ipxe.getSpec().getInitrdURL())
                .isEqualTo(prefix + fx.images.amd64Initramfs.digest().hex() + "&version=1.0");
        assertThat(ipxe.getSpec().getSquashfsURL())
                .isEqualTo(prefix + fx.images.amd64Squashfs.digest().hex() + "&version=1.0");
        assertThat(ipxe.getSpec().getIgnitionSecretRef().getName()).isEqualTo("flow-ignition");

        assertThat(http.getSpec().getSystemUUID()).isEqualTo("4c4c4544-0001");
        assertThat(http.getSpec().getNetworkIdentifiers())
                .containsExactly("10.0.0.5", "fd00::5", "aa:bb:cc:dd:ee:01", "10.0.1.5", "aa:bb:cc:dd:ee:02");
        assertThat(http.getSpec().getUkiURL()).isEqualTo("http://boot.example:8083/httpboot/" + fx.registry.address()
                + "/" + TestImages.MULTI_ARCH + "/sha256-" + fx.images.amd64Uki.digest().hex() + ".efi");
        assertThat(http.getSpec().getIgnitionSecretRef().getName()).isEqualTo("flow-ignition");

        assertThat(condition(sbc.getStatus(), Conditions.IGNITION_SECRET)).get()
                .satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"));
        assertThat(condition(sbc.getStatus(), Conditions.IMAGE_VALIDATION)).isEmpty();
    }

    @Test
    void childrenCarryAControllerOwnerReferenceSoDeletingTheSbcCascades() {
        fx.createServer("owned-server", "uuid-owned", List.of(nic("eth0", "10.0.2.5", List.of(), "aa:00:00:00:00:01")));
        ServerBootConfiguration sbc = fx.createSbc(NS, "owned", "owned-server", fx.image(TestImages.MULTI_ARCH), null, null);
        fx.awaitSbcState(NS, "owned", BootConfigStatus.READY);

        for (var child : List.of(fx.ipxe(NS, "owned").getMetadata(), fx.http(NS, "owned").getMetadata())) {
            assertThat(child.getOwnerReferences()).singleElement().satisfies(ref -> {
                assertThat(ref.getApiVersion()).isEqualTo("metal.ironcore.dev/v1alpha1");
                assertThat(ref.getKind()).isEqualTo("ServerBootConfiguration");
                assertThat(ref.getName()).isEqualTo("owned");
                assertThat(ref.getUid()).isEqualTo(sbc.getMetadata().getUid()).isNotBlank();
                assertThat(ref.getController()).isTrue();
                assertThat(ref.getBlockOwnerDeletion()).isTrue();
            });
        }
    }

    @Test
    void aSecretChangeReReconcilesTheConfigsThatReferenceIt() {
        fx.createServer("secret-server", "uuid-secret", List.of(nic("eth0", "10.0.3.5", List.of(), "aa:00:00:00:00:03")));
        fx.createSbc(NS, "secret", "secret-server", fx.image(TestImages.MULTI_ARCH), "secret-ignition", null);

        ServerBootConfiguration missing = fx.awaitSbcState(NS, "secret", BootConfigStatus.ERROR);
        Await.until("IPXEBootConfig secret in Error", () -> fx.ipxe(NS, "secret"),
                c -> c != null && BootConfigStatus.ERROR.equals(OperatorFixture.state(c.getStatus())));
        Condition notFound = Await.until("SBC condition IgnitionSecret=False/SecretNotFound",
                () -> condition(fx.sbc(NS, "secret").getStatus(), Conditions.IGNITION_SECRET),
                c -> c.isPresent() && Conditions.REASON_SECRET_NOT_FOUND.equals(c.get().getReason())).orElseThrow();
        assertThat(notFound.getStatus()).isEqualTo("False");
        assertThat(notFound.getMessage()).contains("default/secret-ignition", "not found");
        assertThat(missing.getStatus().getState()).isEqualTo(BootConfigStatus.ERROR);

        Secret secret = fx.createSecret(NS, "secret-ignition", Map.of("ignition", "{}"));
        fx.awaitSbcState(NS, "secret", BootConfigStatus.READY);
        assertThat(fx.http(NS, "secret").getStatus().getState()).isEqualTo(BootConfigStatus.READY);

        secret.setData(Map.of("other", "e30="));
        fx.client.secrets().resource(secret).update();
        fx.awaitSbcState(NS, "secret", BootConfigStatus.ERROR);
        Condition keyMissing = condition(fx.ipxe(NS, "secret").getStatus(), Conditions.IGNITION_SECRET).orElseThrow();
        assertThat(keyMissing.getReason()).isEqualTo(Conditions.REASON_IGNITION_KEY_MISSING);
        assertThat(keyMissing.getMessage()).contains("no key 'ignition'", "other");
    }

    @Test
    void aRefusedRegistryGivesImageValidationFailedAndAFixRemovesIt() {
        fx.createServer("refused-server", "uuid-refused", List.of(nic("eth0", "10.0.4.5", List.of(), "aa:00:00:00:00:04")));
        fx.createSbc(NS, "refused", "refused-server", "quay.io/evil/os:1.0", null, null);

        ServerBootConfiguration failed = fx.awaitSbcState(NS, "refused", BootConfigStatus.ERROR);
        Condition validation = condition(failed.getStatus(), Conditions.IMAGE_VALIDATION).orElseThrow();
        assertThat(validation.getStatus()).isEqualTo("False");
        assertThat(validation.getReason()).isEqualTo("ValidationFailed");
        assertThat(validation.getMessage()).contains("quay.io", "not allowed", "quay.io/evil/os:1.0");
        assertThat(fx.ipxe(NS, "refused")).isNull();

        setImage("refused", fx.image(TestImages.MULTI_ARCH));
        ServerBootConfiguration fixed = fx.awaitSbcState(NS, "refused", BootConfigStatus.READY);
        assertThat(condition(fixed.getStatus(), Conditions.IMAGE_VALIDATION)).isEmpty();
        assertThat(fx.ipxe(NS, "refused").getSpec().getKernelURL()).contains(fx.images.amd64Kernel.digest().hex());
    }

    @Test
    void anImageThatDoesNotExistGivesImageValidationFailedNamingIt() {
        fx.createServer("absent-server", "uuid-absent", List.of(nic("eth0", "10.0.5.5", List.of(), "aa:00:00:00:00:05")));
        fx.createSbc(NS, "absent", "absent-server", fx.image("boot/absent"), null, null);

        ServerBootConfiguration failed = fx.awaitSbcState(NS, "absent", BootConfigStatus.ERROR);
        Condition validation = condition(failed.getStatus(), Conditions.IMAGE_VALIDATION).orElseThrow();
        assertThat(validation.getReason()).isEqualTo("ValidationFailed");
        assertThat(validation.getMessage()).contains(fx.registry.address(), "boot/absent");
    }

    @Test
    void aLegacyImageServesPxeButHttpBootReportsTheMissingUkiLayer() {
        fx.createServer("legacy-server", "uuid-legacy", List.of(nic("eth0", "10.0.6.5", List.of(), "aa:00:00:00:00:06")));
        fx.createSbc(NS, "legacy", "legacy-server", fx.image(TestImages.LEGACY), null, null);

        IPXEBootConfig ipxe = Await.until("IPXEBootConfig legacy Ready", () -> fx.ipxe(NS, "legacy"),
                c -> c != null && BootConfigStatus.READY.equals(OperatorFixture.state(c.getStatus())));
        assertThat(ipxe.getSpec().getKernelURL()).contains(fx.images.legacyKernel.digest().hex());
        Condition validation = Await.until("ImageValidation from the HTTP side",
                () -> condition(fx.sbc(NS, "legacy").getStatus(), Conditions.IMAGE_VALIDATION),
                Optional::isPresent).orElseThrow();
        assertThat(validation.getMessage()).startsWith("HTTPBootConfig: ").contains("uki");
        // The PXE side turning Ready neither removes the HTTP side's condition nor hides the failure.
        assertThat(fx.awaitSbcState(NS, "legacy", BootConfigStatus.ERROR).getStatus().getConditions())
                .anyMatch(c -> c.getType().equals(Conditions.IMAGE_VALIDATION));
        assertThat(fx.http(NS, "legacy")).isNull();
    }

    @Test
    void anImageWithoutSquashfsIsReadyAndItsIpxeBootConfigHasNoSquashfsUrl() {
        fx.createServer("nosq-server", "uuid-nosq", List.of(nic("eth0", "10.0.9.5", List.of(), "aa:00:00:00:00:09")));
        fx.createSbc(NS, "nosq", "nosq-server", fx.image(TestImages.NO_SQUASHFS), null, null);

        ServerBootConfiguration sbc = fx.awaitSbcState(NS, "nosq", BootConfigStatus.READY);
        IPXEBootConfig ipxe = fx.ipxe(NS, "nosq");

        assertThat(ipxe.getSpec().getKernelURL()).contains(fx.images.noSquashfsKernel.digest().hex());
        assertThat(ipxe.getSpec().getInitrdURL()).contains(fx.images.noSquashfsInitramfs.digest().hex());
        assertThat(ipxe.getSpec().getSquashfsURL()).isNull();
        assertThat(condition(sbc.getStatus(), Conditions.IMAGE_VALIDATION)).isEmpty();
    }

    @Test
    void aNewImageWithoutSquashfsRemovesTheSquashfsUrlFromTheChild() {
        fx.createServer("dropsq-server", "uuid-dropsq", List.of(nic("eth0", "10.0.10.5", List.of(), "aa:00:00:00:00:0a")));
        fx.createSbc(NS, "dropsq", "dropsq-server", fx.image(TestImages.MULTI_ARCH), null, null);
        fx.awaitSbcState(NS, "dropsq", BootConfigStatus.READY);
        assertThat(fx.ipxe(NS, "dropsq").getSpec().getSquashfsURL()).isNotNull();

        setImage("dropsq", fx.image(TestImages.NO_SQUASHFS));

        IPXEBootConfig ipxe = Await.until("IPXEBootConfig dropsq without squashfsURL", () -> fx.ipxe(NS, "dropsq"),
                c -> c.getSpec().getSquashfsURL() == null);
        assertThat(ipxe.getSpec().getKernelURL()).contains(fx.images.noSquashfsKernel.digest().hex());
        assertThat(fx.awaitSbcState(NS, "dropsq", BootConfigStatus.READY).getStatus().getState())
                .isEqualTo(BootConfigStatus.READY);
    }

    @Test
    void aGardenLinuxIndexGivesPxeTheMetalPxeFlavourAndHttpBootThePlatformsFirstUki() {
        fx.createServer("gl-server", "uuid-gl", List.of(nic("eth0", "10.0.11.5", List.of(), "aa:00:00:00:00:0b")));
        fx.createSbc(NS, "gl", "gl-server", fx.image(TestImages.GARDENLINUX), null, null);

        fx.awaitSbcState(NS, "gl", BootConfigStatus.READY);

        // every entry says os: gardenlinux; PXE takes cname metal_pxe*, HTTP boot the first amd64 entry (upstream)
        assertThat(fx.ipxe(NS, "gl").getSpec().getKernelURL()).contains(fx.images.glMetalPxeAmd64Kernel.digest().hex());
        assertThat(fx.ipxe(NS, "gl").getSpec().getSquashfsURL()).isNotNull();
        assertThat(fx.http(NS, "gl").getSpec().getUkiURL()).isEqualTo("http://boot.example:8083/httpboot/"
                + fx.registry.address() + "/" + TestImages.GARDENLINUX + "/sha256-" + fx.images.glKvmAmd64Uki.digest().hex()
                + ".efi");
    }

    @Test
    void fieldsWrittenByOthersOnTheChildrenSurviveAReconcile() {
        fx.createServer("keep-server", "uuid-keep", List.of(nic("eth0", "10.0.7.5", List.of(), "aa:00:00:00:00:07")));
        fx.createSbc(NS, "keep", "keep-server", fx.image(TestImages.MULTI_ARCH), null, null);
        fx.awaitSbcState(NS, "keep", BootConfigStatus.READY);
        Await.until("both children", () -> fx.http(NS, "keep") != null && fx.ipxe(NS, "keep") != null, b -> b);

        String foreign = "{\"metadata\":{\"labels\":{\"team\":\"metal\"}},\"spec\":{\"futureField\":\"kept\","
                + "\"ipxeScriptSecretRef\":{\"name\":\"custom-script\"}}}";
        fx.client.resources(IPXEBootConfig.class).inNamespace(NS).withName("keep")
                .patch(PatchContext.of(PatchType.JSON_MERGE), foreign);
        fx.client.resources(HTTPBootConfig.class).inNamespace(NS).withName("keep")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"futureField\":\"kept\"}}");

        Server server = fx.client.resources(Server.class).withName("keep-server").get();
        server.getStatus().setNetworkInterfaces(List.of(nic("eth0", "10.0.7.99", List.of(), "aa:00:00:00:00:07")));
        fx.client.resources(Server.class).resource(server).updateStatus(); // a PUT: the mock's merge patch appends to arrays

        Await.until("IPXEBootConfig keep with the Server's new IP", () -> fx.ipxe(NS, "keep"),
                c -> c.getSpec().getSystemIPs().equals(List.of("10.0.7.99")));
        Await.until("HTTPBootConfig keep with the Server's new IP", () -> fx.http(NS, "keep"),
                c -> c.getSpec().getNetworkIdentifiers().contains("10.0.7.99"));
        GenericKubernetesResource ipxe = fx.client.genericKubernetesResources("boot.ironcore.dev/v1alpha1",
                "IPXEBootConfig").inNamespace(NS).withName("keep").get();
        assertThat(ipxe.get("spec", "futureField").toString()).isEqualTo("kept");
        assertThat(ipxe.<Object>get("spec", "ipxeScriptSecretRef", "name")).isEqualTo("custom-script");
        assertThat(ipxe.getMetadata().getLabels()).containsEntry("team", "metal");
        assertThat(fx.http(NS, "keep").getSpec().getAdditionalProperties()).containsEntry("futureField", "kept");
    }

    @Test
    void manyServerBootConfigurationsOnOneImageCostOneManifestResolutionPerBootMethod() {
        String repository = "boot/shared";
        fx.images.multiArch.push(fx.registry, repository, TestImages.TAG);
        long before = fx.registry.requests("GET", repository + "/manifests/");
        for (int i = 0; i < 20; i++) {
            fx.createServer("shared-" + i, "uuid-shared-" + i, List.of(nic("eth0", "10.1.0." + i, List.of(), null)));
            fx.createSbc(NS, "shared-" + i, "shared-" + i, fx.image(repository), null, null);
        }
        for (int i = 0; i < 20; i++) {
            fx.awaitSbcState(NS, "shared-" + i, BootConfigStatus.READY);
        }
        // Per boot method (PXE picks cname first, HTTP boot by platform only, as upstream) one GET of the index by
        // tag and one of the amd64 manifest by digest: the resolutions the cache shares, whatever the number of SBCs.
        assertThat(fx.registry.requests("GET", repository + "/manifests/1.0")).as("manifest GETs by tag").isEqualTo(2);
        assertThat(fx.registry.requests("GET", repository + "/manifests/") - before).as("all manifest GETs").isEqualTo(4);
    }

    static List<OwnerReference> owners(io.fabric8.kubernetes.api.model.HasMetadata resource) {
        return resource.getMetadata().getOwnerReferences();
    }
}
