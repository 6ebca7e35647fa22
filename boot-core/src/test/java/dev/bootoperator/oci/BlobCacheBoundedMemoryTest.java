package dev.bootoperator.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SLOW (about 15 s, up to 60 s on a busy machine; uses 2 GiB of temp disk, deleted afterwards): a 2 GiB blob
 * passes through the cache in a child JVM limited to 128 MiB of heap (issue 3, item 5 "Bounded memory").
 */
@Tag("slow")
class BlobCacheBoundedMemoryTest {
    private static final long TWO_GIB = 2L << 30;
    private static final long SEED = 2024;
    /** sha256 of {@code BlobCacheTestData.stream(TWO_GIB, SEED)}, computed once by streaming it. */
    private static final Digest EXPECTED =
            Digest.parse("sha256:72a0ebafb055dca715335ec218161bded1902603829407b822a3cfe54e76f23d");

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aTwoGiBBlobStreamsThroughTheCacheInAJvmWith128MiBOfHeap(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(
                ProcessHandle.current().info().command().orElseThrow(),
                "-Xmx128m",
                "-XX:MaxDirectMemorySize=16m",
                "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"),
                BlobCacheTwoGiBChild.class.getName(),
                dir.resolve("cache").toString(), Long.toString(TWO_GIB), Long.toString(SEED))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            boolean exited = child.waitFor(4, TimeUnit.MINUTES);
            List<String> output = Files.readAllLines(log);
            output.stream().filter(line -> line.matches("^[A-Z_]+ .*")).forEach(System.out::println);

            assertThat(exited).as("child finished; output:%n%s", String.join("\n", output)).isTrue();
            assertThat(child.exitValue()).as("child exit code; output:%n%s", String.join("\n", output)).isZero();
            assertThat(output).as("the digest of the bytes the child's reader received")
                    .anySatisfy(line -> assertThat(line).startsWith("SERVED " + EXPECTED + " "));
        } finally {
            child.destroyForcibly();
        }
    }
}
