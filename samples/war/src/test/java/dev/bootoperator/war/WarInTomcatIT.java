package dev.bootoperator.war;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bootoperator.oci.DebianTools;
import dev.bootoperator.oci.LocalRegistry;
import dev.bootoperator.oci.TestImages;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unmodified WAR in a real Tomcat 10.1 (Debian's {@code tomcat10}, installed when missing), started as a
 * process with its own {@code CATALINA_BASE} on a free loopback port and configured by environment variables:
 * deploy, the boot flow, undeploy with a check for leftover threads, redeploy, the flow again.
 */
class WarInTomcatIT {
    static final Path CATALINA_HOME = Path.of("/usr/share/tomcat10");
    /** Threads of ours; {@code HttpClient-} is the JDK client's selector, which on Java 17 ends when collected. */
    static final Pattern OUR_THREADS = Pattern.compile("\"(boot-config-dir-watcher|blob-fetch-[^\"]*|registry-http-[^\"]*"
            + "|HttpClient-[^\"]*|image-prefetch)\"");
    static final Pattern LEAK_WARNING = Pattern.compile("started a thread named \\[(boot-config-dir-watcher|blob-fetch-"
            + "|registry-http-)");

    @TempDir
    Path dir;
    private Process tomcat;

    @AfterEach
    void stop() throws InterruptedException {
        if (tomcat != null) {
            tomcat.destroy();
            if (!tomcat.waitFor(20, TimeUnit.SECONDS)) {
                tomcat.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void deploysServesUndeploysWithoutLeftoverThreadsAndRedeploys() throws Exception {
        Path catalina = DebianTools.requireFile(CATALINA_HOME.resolve("bin/catalina.sh"), "tomcat10");
        assertThat(BootFlow.war()).as("the WAR; run mvn verify").isRegularFile();
        Path registryDir = Files.createDirectories(dir.resolve("registry"));
        try (LocalRegistry registry = LocalRegistry.anonymous(registryDir)) {
            TestImages images = new TestImages(registryDir);
            images.pushAll(registry);
            int port = freePort();
            Path base = catalinaBase(port);
            String ipxeServiceUrl = "http://10.0.2.2:" + port + "/boot";
            ProcessBuilder pb = new ProcessBuilder(catalina.toString(), "run")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("catalina.out").toFile());
            Map<String, String> env = pb.environment();
            env.put("CATALINA_HOME", CATALINA_HOME.toString());
            env.put("CATALINA_BASE", base.toString());
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.put("BOOT_CONFIG_DIR", BootFlow.samples().toString());
            env.put("BOOT_IPXE_SERVICE_URL", ipxeServiceUrl);
            env.put("BOOT_ALLOWED_REGISTRIES", registry.address());
            env.put("BOOT_INSECURE_REGISTRIES", registry.address());
            env.put("BOOT_IMAGE_CACHE_DIR", dir.resolve("cache").toString());
            tomcat = pb.start();
            String url = "http://127.0.0.1:" + port + "/boot";

            Files.copy(BootFlow.war(), base.resolve("webapps/boot.war"));
            awaitStatus(url + "/healthz", 200, Duration.ofSeconds(90));
            BootFlow.run(url, ipxeServiceUrl, registry, images);

            Files.delete(base.resolve("webapps/boot.war"));
            awaitStatus(url + "/healthz", 404, Duration.ofSeconds(60));
            assertThat(awaitNoThreadsOfOurs(tomcat.pid(), Duration.ofSeconds(20)))
                    .as("threads of ours left in Tomcat after undeploy").isEmpty();
            assertThat(LEAK_WARNING.matcher(log()).find()).as("Tomcat's leak warnings:\n" + log()).isFalse();

            Files.copy(BootFlow.war(), base.resolve("webapps/boot.war"));
            awaitStatus(url + "/healthz", 200, Duration.ofSeconds(90));
            BootFlow.run(url, ipxeServiceUrl, registry, images);
        }
    }

    private String log() throws IOException {
        return Files.readString(dir.resolve("catalina.out"), StandardCharsets.UTF_8);
    }

    /** A CATALINA_BASE of our own: Debian's conf, with one HTTP connector on {@code port}, no shutdown port. */
    private Path catalinaBase(int port) throws IOException {
        Path base = dir.resolve("catalina-base");
        for (String d : List.of("conf", "webapps", "logs", "temp", "work", "lib")) {
            Files.createDirectories(base.resolve(d));
        }
        for (String f : List.of("web.xml", "context.xml", "catalina.properties", "logging.properties")) {
            Files.copy(Path.of("/etc/tomcat10", f), base.resolve("conf").resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(base.resolve("conf/server.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <Server port="-1" shutdown="SHUTDOWN">
                  <Service name="Catalina">
                    <Connector port="%d" address="127.0.0.1" protocol="HTTP/1.1" connectionTimeout="20000"/>
                    <Engine name="Catalina" defaultHost="localhost" backgroundProcessorDelay="1">
                      <Host name="localhost" appBase="webapps" unpackWARs="true" autoDeploy="true"/>
                    </Engine>
                  </Service>
                </Server>
                """.formatted(port), StandardCharsets.UTF_8);
        return base;
    }

    private void awaitStatus(String url, int status, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            assertThat(tomcat.isAlive()).as("Tomcat is running; its log:\n" + log()).isTrue();
            try {
                int s = BootFlow.get(url).statusCode();
                if (s == status) {
                    return;
                }
                last = "status " + s;
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(200);
        }
        throw new AssertionError(url + " did not answer " + status + " within " + timeout + " (" + last + "); log:\n"
                + log());
    }

    /** Runs a GC (the JDK HTTP client's selector thread ends when its client is collected) and lists our threads. */
    private static List<String> awaitNoThreadsOfOurs(long pid, Duration timeout) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> ours;
        do {
            jcmd(jcmd, pid, "GC.run");
            String dump = jcmd(jcmd, pid, "Thread.print");
            ours = new ArrayList<>();
            var m = OUR_THREADS.matcher(dump);
            while (m.find()) {
                ours.add(m.group(1));
            }
            if (ours.isEmpty()) {
                return ours;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        return ours;
    }

    private static String jcmd(Path jcmd, long pid, String command) throws Exception {
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("jcmd " + command).isTrue();
        assertThat(p.exitValue()).as("jcmd " + command + ": " + out).isZero();
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
