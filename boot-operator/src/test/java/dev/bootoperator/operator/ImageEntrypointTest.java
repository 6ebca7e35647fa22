package dev.bootoperator.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * The image runs {@code /manager}, as upstream's Deployment and Helm chart do ({@code command: [/manager]}): jib's
 * configuration in the pom puts src/main/jib/manager there, executable, and the script starts BootOperatorMain with
 * the baked JVM flags and every argument unchanged. (Building the image itself needs the base image from a
 * registry, which the test machines do not reach; this checks what jib is given.)
 */
class ImageEntrypointTest {
    private static final Path SCRIPT = Path.of("src/main/jib/manager");

    @TempDir
    Path dir;

    @Test
    void jibPutsTheScriptAtSlashManagerExecutableAndMakesItTheEntrypoint() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        XPath xpath = XPathFactory.newInstance().newXPath();
        String jib = "//*[local-name()='plugin'][*[local-name()='artifactId']='jib-maven-plugin']/*[local-name()='configuration']";

        assertThat(xpath.evaluate(jib + "//*[local-name()='entrypoint']/*[local-name()='entry']", pom)).isEqualTo("/manager");
        assertThat(xpath.evaluate(jib + "//*[local-name()='extraDirectories']//*[local-name()='from']", pom))
                .isEqualTo("${project.basedir}/src/main/jib");
        assertThat(xpath.evaluate(jib + "//*[local-name()='extraDirectories']//*[local-name()='into']", pom)).isEqualTo("/");
        assertThat(xpath.evaluate(jib + "//*[local-name()='permission'][*[local-name()='file']='/manager']/*[local-name()='mode']",
                pom)).isEqualTo("755");
        assertThat(Files.readString(SCRIPT)).startsWith("#!/bin/sh\n");
        assertThat(Files.getPosixFilePermissions(SCRIPT)).contains(PosixFilePermission.OWNER_EXECUTE,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
    }

    @Test
    void theScriptExecsJavaWithTheBakedFlagsJibsClasspathAndTheArgumentsUnchanged() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path fakeJava = bin.resolve("java");
        Files.writeString(fakeJava, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
        fakeJava.toFile().setExecutable(true);

        List<String> args = run(bin, null, "--metrics-bind-address=:8443", "--leader-elect",
                "--metrics-cert-path=/tmp/k8s-metrics-server/metrics-certs", "an arg with spaces");

        assertThat(args).containsExactly("-XX:MaxRAMPercentage=75", "-cp", "/app/resources:/app/classes:/app/libs/*",
                "dev.bootoperator.operator.BootOperatorMain", "--metrics-bind-address=:8443", "--leader-elect",
                "--metrics-cert-path=/tmp/k8s-metrics-server/metrics-certs", "an arg with spaces");
        assertThat(run(bin, "-Xmx50m -Xss256k", "--leader-elect")).startsWith("-Xmx50m", "-Xss256k", "-cp");
    }

    private static List<String> run(Path bin, String jvmFlags, String... args) throws Exception {
        ProcessBuilder builder = new ProcessBuilder();
        builder.command().addAll(List.of("sh", SCRIPT.toString()));
        builder.command().addAll(List.of(args));
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().remove("BOOT_OPERATOR_APP_DIR");
        if (jvmFlags == null) {
            builder.environment().remove("BOOT_OPERATOR_JVM_FLAGS");
        } else {
            builder.environment().put("BOOT_OPERATOR_JVM_FLAGS", jvmFlags);
        }
        Process process = builder.redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out.lines().toList();
    }
}
