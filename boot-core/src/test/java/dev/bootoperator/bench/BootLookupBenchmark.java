package dev.bootoperator.bench;

import dev.bootoperator.boot.BootRequest;
import dev.bootoperator.boot.BootResponse;
import dev.bootoperator.boot.BootService;
import dev.bootoperator.config.BootResource;
import dev.bootoperator.config.HttpBootConfig;
import dev.bootoperator.config.IpxeBootConfig;
import dev.bootoperator.config.ObjectKey;
import dev.bootoperator.config.Secret;
import dev.bootoperator.ignition.ButaneTranslator;
import dev.bootoperator.store.BootIndex;
import dev.bootoperator.store.InMemoryBootConfigStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Throughput of the boot decisions with 10,000 machines loaded, measured through {@link BootService#handle}
 * exactly as an adapter calls it (no HTTP, no listener). Every invocation asks for a random machine out of a
 * pre-generated array, so hash lookups do not hit one hot entry.
 *
 * <p>The world: 10,000 IPXEBootConfigs (UUID, one IP, an Ignition secret each; even machines carry Ignition
 * JSON, odd machines Butane with {@code format: fcos}), 10,000 HTTPBootConfigs (UUID, one IP, one MAC, a UKI
 * URL), and the 10,000 secrets: 30,000 resources.
 *
 * <p>Run it (see docs/benchmarks.md for figures):
 * <pre>
 * ./mvnw -q -pl boot-core -am test-compile
 * ./mvnw -q -pl boot-core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=$PWD/boot-core/target/bench-cp.txt
 * java -cp "$(cat boot-core/target/bench-cp.txt):boot-core/target/test-classes:boot-core/target/classes" \
 *     dev.bootoperator.bench.BootLookupBenchmark -f 1 -wi 3 -w 2s -i 5 -r 3s
 * </pre>
 * Arguments are JMH's own ({@code -h} lists them); without a benchmark pattern the whole class runs.
 * The class name does not end in {@code Test}, so Surefire never runs it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class BootLookupBenchmark {
    /** Machines of each kind. */
    public static final int MACHINES = 10_000;
    private static final String SERVICE_URL = "http://10.0.0.1:8082";
    private static final String PEER = "10.255.0.1";

    private BootService service;
    private List<BootResource> resources;
    private String[] ipxePaths;
    private String[] jsonIgnitionPaths;
    private String[] butaneIgnitionPaths;
    private List<List<String>> forwardedFor;
    private byte[] butaneSample;
    private final ButaneTranslator translator = new ButaneTranslator();

    @Setup(Level.Trial)
    public void load() {
        SplittableRandom random = new SplittableRandom(20_240_601);
        resources = new ArrayList<>(3 * MACHINES);
        ipxePaths = new String[MACHINES];
        jsonIgnitionPaths = new String[MACHINES / 2];
        butaneIgnitionPaths = new String[MACHINES / 2];
        forwardedFor = new ArrayList<>(MACHINES);
        for (int i = 0; i < MACHINES; i++) {
            String uuid = new UUID(random.nextLong(), random.nextLong()).toString();
            String name = String.format("node-%05d", i);
            String secretName = name + "-ignition";
            resources.add(new IpxeBootConfig(ObjectKey.of("metal", name), uuid, List.of(ip(0, i)), Optional.empty(),
                    "http://images.example.internal/gardenlinux/1877.0/kernel",
                    "http://images.example.internal/gardenlinux/1877.0/initramfs",
                    Optional.of("http://images.example.internal/gardenlinux/1877.0/root.squashfs"),
                    Optional.empty(), Optional.of(secretName), Optional.empty()));
            boolean butane = (i & 1) == 1;
            resources.add(Secret.ofStrings(ObjectKey.of("metal", secretName), butane
                    ? Map.of("format", "fcos", "ignition", butane(name))
                    : Map.of("ignition", ignitionJson(name))));
            ipxePaths[i] = "/ipxe/" + uuid;
            (butane ? butaneIgnitionPaths : jsonIgnitionPaths)[i / 2] = "/ignition/" + uuid;

            String httpUuid = new UUID(random.nextLong(), random.nextLong()).toString();
            resources.add(new HttpBootConfig(ObjectKey.of("metal", "http-" + name), httpUuid,
                    List.of(ip(1, i), String.format("02:00:00:01:%02x:%02x", i >> 8, i & 0xff)),
                    Optional.of("http://images.example.internal/gardenlinux/1877.0/gardenlinux.efi"), Optional.empty()));
            forwardedFor.add(List.of(ip(1, i) + ", 10.254.0.1"));
        }
        butaneSample = butane("node-sample").getBytes(StandardCharsets.UTF_8);
        service = BootService.builder(new InMemoryBootConfigStore(resources)).ipxeServiceUrl(SERVICE_URL).build();

        // Fail fast on a fixture that does not answer what it should, and fill the Butane memo: steady state
        // is what (c) measures; the one-off translation is measured by butaneTranslateUncached.
        expect(handle(ipxePaths[0]), "#!ipxe");
        expect(handle(jsonIgnitionPaths[0]), "{\"ignition\"");
        for (String path : butaneIgnitionPaths) {
            expect(handle(path), "{\"ignition\":{\"version\":\"3.4.0\"}");
        }
        expect(httpBoot(0), "{");
    }

    /** (a) {@code GET /ipxe/{uuid}}: UUID lookup and boot-script rendering. */
    @Benchmark
    public BootResponse ipxeScript() {
        return handle(ipxePaths[next(MACHINES)]);
    }

    /** (b) {@code GET /ignition/{uuid}} whose secret holds Ignition JSON: passed through as is. */
    @Benchmark
    public BootResponse ignitionJson() {
        return handle(jsonIgnitionPaths[next(jsonIgnitionPaths.length)]);
    }

    /** (c) {@code GET /ignition/{uuid}} whose secret holds Butane: the memoised translation. */
    @Benchmark
    public BootResponse ignitionButaneMemoised() {
        return handle(butaneIgnitionPaths[next(butaneIgnitionPaths.length)]);
    }

    /** (c, for scale) what a memo miss costs: one Butane-to-Ignition translation of a machine's secret. */
    @Benchmark
    public byte[] butaneTranslateUncached() {
        return translator.translate(butaneSample);
    }

    /** (d) {@code GET /httpboot} from a DHCP relay: the machine is the first {@code X-Forwarded-For} entry. */
    @Benchmark
    public BootResponse httpBootForwardedFor() {
        return httpBoot(next(MACHINES));
    }

    /** (e) Indexing 10,000 + 10,000 + 10,000 resources, as every config reload does. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public BootIndex indexBuild() {
        return BootIndex.of(resources);
    }

    private BootResponse handle(String path) {
        return service.handle(BootRequest.get(path, PEER));
    }

    private BootResponse httpBoot(int machine) {
        List<String> xff = forwardedFor.get(machine);
        return service.handle(new BootRequest("GET", "/httpboot", "", PEER,
                header -> header.equalsIgnoreCase("X-Forwarded-For") ? xff : List.of()));
    }

    private static int next(int bound) {
        return ThreadLocalRandom.current().nextInt(bound);
    }

    private static String ip(int block, int i) {
        return "10." + block + "." + (i / 250) + "." + (i % 250 + 1);
    }

    private static void expect(BootResponse r, String prefix) {
        if (r.status() != 200 || !r.bodyText().startsWith(prefix)) {
            throw new IllegalStateException("fixture answers " + r.status() + " " + r.bodyText());
        }
    }

    static String ignitionJson(String name) {
        return "{\"ignition\":{\"version\":\"3.4.0\"},\"passwd\":{\"users\":[{\"name\":\"core\",\"sshAuthorizedKeys\":"
                + "[\"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKeyOnlyForTheBenchmark core@example\"]}]},"
                + "\"storage\":{\"files\":[{\"path\":\"/etc/hostname\",\"mode\":420,\"contents\":{\"source\":\"data:,"
                + name + "\"}}]}}";
    }

    static String butane(String name) {
        return """
                variant: fcos
                version: 1.5.0
                passwd:
                  users:
                    - name: core
                      ssh_authorized_keys:
                        - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKeyOnlyForTheBenchmark core@example
                storage:
                  files:
                    - path: /etc/hostname
                      mode: 0644
                      contents:
                        inline: %s
                systemd:
                  units:
                    - name: hello.service
                      enabled: true
                      contents: |
                        [Unit]
                        Description=Say hello
                        [Service]
                        Type=oneshot
                        ExecStart=/usr/bin/echo hello from %s
                        [Install]
                        WantedBy=multi-user.target
                """.formatted(name, name);
    }

    /** Runs this class's benchmarks (or those the arguments select) with JMH's command-line options. */
    public static void main(String[] args) throws Exception {
        CommandLineOptions cli = new CommandLineOptions(args);
        OptionsBuilder options = new OptionsBuilder();
        options.parent(cli);
        if (cli.getIncludes().isEmpty()) {
            options.include(BootLookupBenchmark.class.getName());
        }
        new Runner(options.build()).run();
    }
}
