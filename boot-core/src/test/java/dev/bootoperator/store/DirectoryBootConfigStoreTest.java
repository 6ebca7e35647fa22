package dev.bootoperator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bootoperator.config.IpxeBootConfig;
import dev.bootoperator.config.ObjectKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryBootConfigStoreTest {
    @TempDir
    Path dir;

    static String ipxeYaml(String name, String uuid, String kernel) {
        return """
                apiVersion: boot.ironcore.dev/v1alpha1
                kind: IPXEBootConfig
                metadata: {name: %s}
                spec: {systemUUID: %s, kernelURL: %s, initrdURL: http://initrd}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: %s-ign}
                stringData: {ignition: '{"kernel":"%s"}'}
                """.formatted(name, uuid, kernel, name, kernel);
    }

    static void await(BooleanSupplier condition, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + within);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedUnreadAndTheOthersLoad() throws Exception {
        Files.writeString(dir.resolve("a.yaml"), ipxeYaml("a", "uuid-a", "http://k"));
        try (java.nio.channels.FileChannel huge = java.nio.channels.FileChannel.open(dir.resolve("huge.yaml"),
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            huge.write(java.nio.ByteBuffer.wrap(new byte[] {'#'}), DirectoryBootConfigStore.MAX_FILE_BYTES); // sparse
        }
        try (DirectoryBootConfigStore store = DirectoryBootConfigStore.load(dir)) {
            assertThat(store.ipxeConfigsBySystemUuid("uuid-a")).hasSize(1);
            assertThat(store.all()).hasSize(2);
        }
    }

    @Test
    void loadsYamlAndYmlRecursivelyAndSkipsOtherAndHiddenFiles() throws Exception {
        Files.createDirectories(dir.resolve("rack1/sub"));
        Files.createDirectories(dir.resolve(".hidden"));
        Files.writeString(dir.resolve("a.yaml"), ipxeYaml("a", "uuid-a", "http://k"));
        Files.writeString(dir.resolve("rack1/sub/b.yml"), ipxeYaml("b", "uuid-b", "http://k"));
        Files.writeString(dir.resolve("c.json"), ipxeYaml("c", "uuid-c", "http://k"));
        Files.writeString(dir.resolve(".hidden/d.yaml"), ipxeYaml("d", "uuid-d", "http://k"));
        try (DirectoryBootConfigStore store = DirectoryBootConfigStore.load(dir)) {
            assertThat(store.ipxeConfigsBySystemUuid("uuid-a")).hasSize(1);
            assertThat(store.ipxeConfigsBySystemUuid("uuid-b")).hasSize(1);
            assertThat(store.ipxeConfigsBySystemUuid("uuid-c")).isEmpty();
            assertThat(store.ipxeConfigsBySystemUuid("uuid-d")).isEmpty();
            assertThat(store.secret(ObjectKey.of("default", "b-ign"))).isPresent();
            assertThat(store.all()).hasSize(4);
        }
    }

    @Test
    void aMissingDirectoryFailsToOpen() {
        assertThatThrownBy(() -> DirectoryBootConfigStore.open(dir.resolve("nope")))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("nope");
    }

    @Test
    void hotReloadsNewChangedAndRemovedFilesWithinTwoSeconds() throws Exception {
        try (DirectoryBootConfigStore store = DirectoryBootConfigStore.open(dir)) {
            assertThat(store.all()).isEmpty();
            Files.writeString(dir.resolve("m.yaml"), ipxeYaml("m", "uuid-m", "http://k1"));
            await(() -> !store.ipxeConfigsBySystemUuid("uuid-m").isEmpty(), Duration.ofSeconds(2));

            Files.writeString(dir.resolve("m.yaml"), ipxeYaml("m", "uuid-m", "http://k2"));
            await(() -> store.ipxeConfigsBySystemUuid("uuid-m").stream().anyMatch(c -> c.kernelUrl().equals("http://k2")),
                    Duration.ofSeconds(2));

            Files.delete(dir.resolve("m.yaml"));
            await(() -> store.ipxeConfigsBySystemUuid("uuid-m").isEmpty(), Duration.ofSeconds(2));
        }
    }

    @Test
    void aBrokenFileKeepsItsLastGoodContentAndOtherFilesStillReload() throws Exception {
        Files.writeString(dir.resolve("good.yaml"), ipxeYaml("g", "uuid-g", "http://g1"));
        Files.writeString(dir.resolve("m.yaml"), ipxeYaml("m", "uuid-m", "http://k1"));
        try (DirectoryBootConfigStore store = DirectoryBootConfigStore.open(dir)) {
            Files.writeString(dir.resolve("m.yaml"), """
                    apiVersion: boot.ironcore.dev/v1alpha1
                    kind: IPXEBootConfig
                    metadata: {name: m}
                    spec: {systemUUID: uuid-m, initrdURL: http://i}
                    """);
            await(() -> store.errors().containsKey(dir.resolve("m.yaml").toAbsolutePath()), Duration.ofSeconds(2));
            assertThat(store.errors().values()).singleElement().satisfies(e -> {
                assertThat(e.getMessage()).startsWith("m.yaml:1 (document 0): spec.kernelURL: is required");
                assertThat(e.field()).isEqualTo("spec.kernelURL");
            });
            assertThat(store.ipxeConfigsBySystemUuid("uuid-m")).singleElement()
                    .extracting(IpxeBootConfig::kernelUrl).isEqualTo("http://k1");
            assertThat(store.secret(ObjectKey.of("default", "m-ign"))).isPresent();

            Files.writeString(dir.resolve("good.yaml"), ipxeYaml("g", "uuid-g", "http://g2"));
            await(() -> store.ipxeConfigsBySystemUuid("uuid-g").get(0).kernelUrl().equals("http://g2"), Duration.ofSeconds(2));
            assertThat(store.ipxeConfigsBySystemUuid("uuid-m").get(0).kernelUrl()).isEqualTo("http://k1");

            Files.writeString(dir.resolve("m.yaml"), ipxeYaml("m", "uuid-m", "http://k3"));
            await(() -> store.errors().isEmpty(), Duration.ofSeconds(2));
            assertThat(store.ipxeConfigsBySystemUuid("uuid-m").get(0).kernelUrl()).isEqualTo("http://k3");
        }
    }

    @Test
    void aFileThatIsBrokenFromTheStartContributesNothingAndIsReported() throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), "kind: [\n");
        Files.writeString(dir.resolve("good.yaml"), ipxeYaml("g", "uuid-g", "http://g"));
        try (DirectoryBootConfigStore store = DirectoryBootConfigStore.load(dir)) {
            assertThat(store.ipxeConfigsBySystemUuid("uuid-g")).hasSize(1);
            assertThat(store.errors()).hasSize(1);
            assertThat(store.errors().values().iterator().next().getMessage()).startsWith("bad.yaml:");
        }
    }

    @Test
    void aFileThatBecomesEmptyKeepsItsContentUntilDeleted() throws Exception {
        Path file = dir.resolve("m.yaml");
        Files.writeString(file, ipxeYaml("m", "uuid-m", "http://k1"));
        try (DirectoryBootConfigStore store = DirectoryBootConfigStore.open(dir)) {
            Files.writeString(file, "");
            await(() -> store.errors().containsKey(file.toAbsolutePath()), Duration.ofSeconds(2));
            assertThat(store.errors().get(file.toAbsolutePath()).getMessage()).contains("file is empty");
            assertThat(store.ipxeConfigsBySystemUuid("uuid-m")).hasSize(1);
            Files.delete(file);
            await(() -> store.ipxeConfigsBySystemUuid("uuid-m").isEmpty(), Duration.ofSeconds(2));
            assertThat(store.errors()).isEmpty();
        }
    }

    @Test
    void theSameObjectTwiceInOneFileIsAnError() throws Exception {
        Files.writeString(dir.resolve("dup.yaml"), ipxeYaml("a", "u1", "http://k") + "---\n" + ipxeYaml("a", "u2", "http://k"));
        try (DirectoryBootConfigStore store = DirectoryBootConfigStore.load(dir)) {
            assertThat(store.all()).isEmpty();
            assertThat(store.errors().values().iterator().next().getMessage())
                    .contains("IPXEBootConfig default/a is defined twice");
        }
    }

    @Test
    void linksThatResolveOutsideTheDirectoryAreNotRead() throws Exception {
        Path outside = Files.createTempDirectory("outside");
        try {
            Files.writeString(outside.resolve("secret.yaml"), ipxeYaml("x", "uuid-x", "http://k"));
            Files.createSymbolicLink(dir.resolve("link.yaml"), outside.resolve("secret.yaml"));
            Files.createSymbolicLink(dir.resolve("linkdir"), outside);
            try (DirectoryBootConfigStore store = DirectoryBootConfigStore.load(dir)) {
                assertThat(store.all()).isEmpty();
            }
        } finally {
            Files.deleteIfExists(outside.resolve("secret.yaml"));
            Files.deleteIfExists(outside);
        }
    }

    @Test
    void configMapStyleLinksInsideTheDirectoryAreReadOnce() throws Exception {
        Path data = Files.createDirectories(dir.resolve("..2026_11_27"));
        Files.writeString(data.resolve("machines.yaml"), ipxeYaml("a", "uuid-a", "http://k"));
        Files.createSymbolicLink(dir.resolve("..data"), data.getFileName());
        Files.createSymbolicLink(dir.resolve("machines.yaml"), Path.of("..data/machines.yaml"));
        try (DirectoryBootConfigStore store = DirectoryBootConfigStore.load(dir)) {
            assertThat(store.ipxeConfigsBySystemUuid("uuid-a")).hasSize(1);
            assertThat(store.all()).hasSize(2);
        }
    }

    @Test
    void readersNeverSeeAHalfAppliedFile() throws Exception {
        Path file = dir.resolve("pair.yaml");
        Files.writeString(file, ipxeYaml("p", "uuid-p", "http://v0"));
        try (DirectoryBootConfigStore store = DirectoryBootConfigStore.open(dir, Duration.ofMillis(20))) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<String> violation = new AtomicReference<>();
            Thread reader = new Thread(() -> {
                while (!stop.get()) {
                    BootIndex snap = store.snapshot();
                    List<IpxeBootConfig> c = snap.ipxeConfigsBySystemUuid("uuid-p");
                    String secret = snap.secret(ObjectKey.of("default", "p-ign"))
                            .flatMap(s -> s.text("ignition")).orElse("none");
                    if (c.size() != 1 || !secret.contains(c.get(0).kernelUrl())) {
                        violation.set("config " + c + " with secret " + secret);
                    }
                }
            });
            reader.start();
            for (int i = 1; i <= 30; i++) {
                Files.writeString(file, ipxeYaml("p", "uuid-p", "http://v" + i));
                Thread.sleep(15);
            }
            String last = "http://v30";
            await(() -> store.ipxeConfigsBySystemUuid("uuid-p").get(0).kernelUrl().equals(last), Duration.ofSeconds(2));
            stop.set(true);
            reader.join();
            assertThat(violation.get()).isNull();
        }
    }

    @Test
    void rescanWithoutChangesKeepsTheSameSnapshot() throws IOException {
        Files.writeString(dir.resolve("a.yaml"), ipxeYaml("a", "uuid-a", "http://k"));
        try (DirectoryBootConfigStore store = DirectoryBootConfigStore.load(dir)) {
            BootIndex before = store.snapshot();
            long generation = store.generation();
            store.rescan();
            assertThat(store.snapshot()).isSameAs(before);
            assertThat(store.generation()).isEqualTo(generation);
        }
    }
}
