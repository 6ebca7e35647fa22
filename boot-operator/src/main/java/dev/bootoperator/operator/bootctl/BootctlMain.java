package dev.bootoperator.operator.bootctl;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bootctl}, the command-line client of the boot operator, with upstream's {@code move} subcommand:
 *
 * <pre>
 * bootctl move --source-kubeconfig old.yaml --target-kubeconfig new.yaml [--namespace NS]
 *              [--require-owners] [--dry-run] [--verbose]
 * </pre>
 *
 * Exit codes: 0 done (or planned, with {@code --dry-run}); 1 the move failed, with one line on stderr naming the
 * object and the cluster (a stack trace only with {@code --verbose}); 2 bad command line.
 */
@Command(name = "bootctl", description = "CLI client for boot-operator", subcommands = BootctlMain.Move.class)
public final class BootctlMain implements Runnable {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    public static void main(String[] args) {
        // fabric8 logs through slf4j; without a provider on the class path slf4j would warn on every run.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs bootctl with the given arguments and streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new BootctlMain());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((e, failed, parseResult) -> {
            boolean verbose = failed.getCommand() instanceof Move move && move.verbose;
            String message = e instanceof MoveException ? e.getMessage() : Mover.firstLine(e);
            failed.getErr().println("bootctl " + failed.getCommandName() + ": " + message);
            if (verbose) {
                e.printStackTrace(failed.getErr());
            }
            failed.getErr().flush();
            return 1;
        });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: try 'bootctl move --help'");
    }

    /** {@code bootctl move}: see {@link Mover} for what is moved and how. */
    @Command(name = "move",
            description = "Move boot-operator CRs (HTTPBootConfigs, IPXEBootConfigs and their Secrets) "
                    + "from one cluster to another. The source cluster is not changed.")
    static final class Move implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Option(names = "--source-kubeconfig", required = true, paramLabel = "FILE",
                description = "Kubeconfig pointing to the source cluster")
        Path sourceKubeconfig;

        @Option(names = "--target-kubeconfig", required = true, paramLabel = "FILE",
                description = "Kubeconfig pointing to the target cluster")
        Path targetKubeconfig;

        @Option(names = "--namespace", paramLabel = "NS",
                description = "namespace to filter CRs to migrate. Defaults to all namespaces if not specified")
        String namespace;

        // arity 0..1 accepts upstream's (cobra) spelling --dry-run=true as well as --dry-run.
        @Option(names = "--require-owners", arity = "0..1", description = "if set to true, an error will be "
                + "returned if for any custom resource an owner ServerBootConfiguration is not present in the "
                + "target cluster")
        boolean requireOwners;

        @Option(names = "--dry-run", arity = "0..1",
                description = "show what would be moved without executing the migration")
        boolean dryRun;

        @Option(names = "--verbose", arity = "0..1",
                description = "enable verbose logging for detailed output during migration")
        boolean verbose;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            MoveOptions options = new MoveOptions(Optional.ofNullable(namespace), requireOwners, dryRun);
            try (KubernetesClient source = client(sourceKubeconfig, "--source-kubeconfig");
                    KubernetesClient target = client(targetKubeconfig, "--target-kubeconfig")) {
                if (verbose) {
                    out.println("source cluster " + source.getMasterUrl() + ", target cluster " + target.getMasterUrl()
                            + ", " + options.namespace().map(ns -> "namespace " + ns).orElse("all namespaces"));
                }
                MoveResult result = new Mover(source, target, options).move();
                print(result, out, target);
            }
            return 0;
        }

        private void print(MoveResult result, PrintWriter out, KubernetesClient target) {
            for (MoveResult.Entry entry : result.entries()) {
                boolean moved = entry.action() == MoveResult.Action.MOVED;
                StringBuilder line = new StringBuilder(result.dryRun() ? (moved ? "would move " : "would skip ")
                        : (moved ? "moved " : "skipped "));
                line.append(entry.object());
                if (!moved) {
                    line.append(" (identical in target cluster)");
                }
                entry.ownerChanges().stream().filter(OwnerChange.Relinked.class::isInstance)
                        .forEach(change -> line.append("; ").append(change));
                out.println(line);
                if (verbose) {
                    entry.ownerChanges().stream().filter(OwnerChange.Dropped.class::isInstance)
                            .forEach(change -> out.println("  " + change));
                }
            }
            int moved = result.moved().size();
            int skipped = result.skipped().size();
            out.println(result.dryRun()
                    ? "dry run: would move " + moved + ", skip " + skipped + "; nothing changed in target cluster "
                            + target.getMasterUrl()
                    : "moved " + moved + ", skipped " + skipped + ", owners relinked " + result.relinked().size()
                            + " (target cluster " + target.getMasterUrl() + ")");
            out.flush();
        }

        private static KubernetesClient client(Path kubeconfig, String flag) {
            if (!Files.isReadable(kubeconfig)) {
                throw new MoveException("cannot read " + flag + " " + kubeconfig);
            }
            try {
                // No client-side retries: a failed move rolls back and a second run skips what is already
                // there, so failing fast is safer than a retried create whose first attempt may have landed.
                Config config = new ConfigBuilder(Config.fromKubeconfig(null, kubeconfig.toFile()))
                        .withRequestRetryBackoffLimit(0)
                        .build();
                return new KubernetesClientBuilder().withConfig(config).build();
            } catch (RuntimeException e) {
                throw new MoveException(flag + " " + kubeconfig + " is not a usable kubeconfig: " + Mover.firstLine(e), e);
            }
        }
    }
}
