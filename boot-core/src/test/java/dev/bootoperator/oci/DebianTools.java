package dev.bootoperator.oci;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The command-line tools the registry tests run, installed with apt-get when missing. When they cannot be
 * installed the test fails, with the package to install: it never skips silently.
 */
public final class DebianTools {
    /** command → Debian package. */
    public static final Map<String, String> PACKAGES = new LinkedHashMap<>(Map.of(
            "docker-registry", "docker-registry",
            "skopeo", "skopeo",
            "htpasswd", "apache2-utils",
            "openssl", "openssl"));

    private DebianTools() {
    }

    /** The path of {@code command}, installing its package first if needed. */
    public static synchronized Path require(String command) {
        Optional<Path> found = which(command);
        if (found.isPresent()) {
            return found.get();
        }
        List<String> missing = new ArrayList<>();
        PACKAGES.forEach((cmd, pkg) -> {
            if (which(cmd).isEmpty() && !missing.contains(pkg)) {
                missing.add(pkg);
            }
        });
        String output = install(missing);
        return which(command).orElseGet(() -> fail("The registry tests need '" + command + "' from the Debian package '"
                + PACKAGES.get(command) + "'. Installing " + missing + " with apt-get failed; install them by hand:"
                + " apt-get install -y " + String.join(" ", missing) + "\napt-get said:\n" + tail(output)));
    }

    /** {@code file}, installing Debian package {@code pkg} first if it is missing; fails naming both otherwise. */
    public static synchronized Path requireFile(Path file, String pkg) {
        if (java.nio.file.Files.exists(file)) {
            return file;
        }
        String output = install(List.of(pkg));
        if (!java.nio.file.Files.exists(file)) {
            return fail("This test needs " + file + " from the Debian package '" + pkg + "'. Installing it with apt-get"
                    + " failed; install it by hand: apt-get install -y " + pkg + "\napt-get said:\n" + tail(output));
        }
        return file;
    }

    private static String install(List<String> packages) {
        List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends"));
        install.addAll(packages);
        StringBuilder log = new StringBuilder();
        if (run(install, log) != 0) {
            run(List.of("apt-get", "update", "-q"), log);
            run(install, log);
        }
        return log.toString();
    }

    private static int run(List<String> command, StringBuilder log) {
        try {
            Path out = Files.createTempFile("apt-", ".log");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
                pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
                Process p = pb.start();
                if (!p.waitFor(10, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    log.append(command).append(": timed out\n");
                    return -1;
                }
                log.append("$ ").append(String.join(" ", command)).append('\n')
                        .append(Files.readString(out, StandardCharsets.UTF_8));
                return p.exitValue();
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            log.append(command).append(": ").append(e).append('\n');
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.append(command).append(": interrupted\n");
            return -1;
        }
    }

    public static Optional<Path> which(String command) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        List<String> dirs = new ArrayList<>(List.of(path.split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/sbin")); // apt-get as root puts tools here too
        for (String dir : dirs) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Runs {@code command} (its first word installed via {@link #require}) and returns its output; a non-zero
     * exit or a timeout fails the test with the output.
     */
    public static String exec(java.time.Duration timeout, List<String> command) {
        List<String> resolved = new ArrayList<>(command);
        resolved.set(0, require(command.get(0)).toString());
        try {
            Path out = Files.createTempFile("exec-", ".log");
            try {
                Process p = new ProcessBuilder(resolved).redirectErrorStream(true).redirectOutput(out.toFile()).start();
                boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (!done) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
                String output = Files.readString(out, StandardCharsets.UTF_8);
                if (!done || p.exitValue() != 0) {
                    return fail(String.join(" ", command) + (done ? " exited with " + p.exitValue() : " timed out after "
                            + timeout) + ":\n" + tail(output));
                }
                return output;
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            return fail(String.join(" ", command) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(String.join(" ", command) + ": interrupted", e);
        }
    }

    public static String tail(String text) {
        String[] lines = text.split("\n");
        return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 20), lines.length));
    }
}
