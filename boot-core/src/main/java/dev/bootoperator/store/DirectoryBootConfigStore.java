package dev.bootoperator.store;

import dev.bootoperator.config.BootResource;
import dev.bootoperator.config.ConfigLoadException;
import dev.bootoperator.config.HttpBootConfig;
import dev.bootoperator.config.IpxeBootConfig;
import dev.bootoperator.config.ManifestParser;
import dev.bootoperator.config.ObjectKey;
import dev.bootoperator.config.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.FileTime;
import java.util.EnumSet;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store backed by a directory of YAML manifests ({@code *.yaml}, {@code *.yml}, recursively), the same
 * manifests a user would {@code kubectl apply}. Entries whose name starts with a dot are skipped, which also
 * keeps the {@code ..data} links of a mounted Kubernetes ConfigMap from being read twice.
 *
 * <p>Changes are picked up within {@link #DEFAULT_POLL_INTERVAL} (file-system events trigger an earlier
 * rescan). A file that fails to load is reported with file and line, and the <b>last good content of that
 * file stays in force</b>; other files are unaffected. Each reload publishes a new {@link BootIndex} with one
 * volatile write, so a request never sees a half-loaded state. Files are never read on a request path, and
 * never from outside the directory: a link that resolves outside it is ignored. A file that becomes empty keeps
 * its last content, since an in-place rewrite starts by truncating; delete a file to remove its resources.
 *
 * <pre>{@code
 * try (DirectoryBootConfigStore store = DirectoryBootConfigStore.open(Path.of("/etc/boot"))) {
 *     store.ipxeConfigsBySystemUuid("4c4c4544-...");
 * }
 * }</pre>
 */
public final class DirectoryBootConfigStore implements BootConfigStore, AutoCloseable {
    /** How often the directory is rescanned even without file-system events. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    /** Larger files are refused, so that a stray file cannot exhaust memory. */
    public static final long MAX_FILE_BYTES = 8L * 1024 * 1024;
    /**
     * A changed file is read once its modification time is this old, so that a file caught in the middle of
     * a non-atomic write is not applied half-written. Writers that rename a complete file into place are
     * never caught mid-write.
     */
    public static final Duration SETTLE = Duration.ofMillis(100);

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryBootConfigStore.class);

    private final Path root;
    private final Path realRoot;
    private final ManifestParser parser = new ManifestParser();
    private final Duration pollInterval;
    private final Map<Path, FileState> files = new HashMap<>();
    private final Object lock = new Object();
    private volatile BootIndex index = BootIndex.EMPTY;
    private volatile Map<Path, ConfigLoadException> errors = Map.of();
    private volatile long generation;
    private volatile boolean closed;
    private final WatchService watcher;
    private final Thread thread;

    private DirectoryBootConfigStore(Path root, Duration pollInterval, boolean watch) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new NoSuchFileException(root.toString(), null, "config directory does not exist or is not a directory");
        }
        this.root = root.toAbsolutePath().normalize();
        this.realRoot = root.toRealPath();
        this.pollInterval = pollInterval;
        scan(true);
        if (watch) {
            this.watcher = FileSystems.getDefault().newWatchService();
            this.thread = new Thread(this::watchLoop, "boot-config-dir-watcher");
            this.thread.setDaemon(true);
            this.thread.start();
        } else {
            this.watcher = null;
            this.thread = null;
        }
    }

    /** Loads the directory and watches it for changes. */
    public static DirectoryBootConfigStore open(Path directory) throws IOException {
        return new DirectoryBootConfigStore(directory, DEFAULT_POLL_INTERVAL, true);
    }

    /** Loads the directory and watches it, rescanning at least every {@code pollInterval}. */
    public static DirectoryBootConfigStore open(Path directory, Duration pollInterval) throws IOException {
        return new DirectoryBootConfigStore(directory, pollInterval, true);
    }

    /** Loads the directory once, without watching; call {@link #rescan()} to pick up changes. */
    public static DirectoryBootConfigStore load(Path directory) throws IOException {
        return new DirectoryBootConfigStore(directory, DEFAULT_POLL_INTERVAL, false);
    }

    /** The directory this store reads. */
    public Path directory() {
        return root;
    }

    /** The files that currently fail to load, each with its error; their last good content stays in force. */
    public Map<Path, ConfigLoadException> errors() {
        return errors;
    }

    /** Incremented each time a new index is published; lets callers wait for a reload. */
    public long generation() {
        return generation;
    }

    /** The current snapshot. */
    public BootIndex snapshot() {
        return index;
    }

    /**
     * Scans the directory now: reads files that are new or changed (by size and modification time), forgets
     * removed ones, and publishes a new index if anything changed.
     */
    public void rescan() {
        scan(false);
    }

    /** Returns whether a changed file was left for a later scan because it was still being written. */
    private boolean scan(boolean initial) {
        boolean pending = false;
        synchronized (lock) {
            Map<Path, BasicFileAttributes> present = listManifests();
            if (present == null) {
                return false;
            }
            long now = System.currentTimeMillis();
            boolean changed = files.keySet().removeIf(p -> !present.containsKey(p));
            List<Path> toLoad = new ArrayList<>();
            for (Map.Entry<Path, BasicFileAttributes> e : present.entrySet()) {
                Path file = e.getKey();
                BasicFileAttributes attrs = e.getValue();
                FileState old = files.get(file);
                if (old != null && old.sameStamp(attrs)) {
                    continue;
                }
                long age = now - attrs.lastModifiedTime().toMillis();
                if (!initial && age >= 0 && age < SETTLE.toMillis()) {
                    // Written a moment ago: likely still being written. Read it once it has settled.
                    pending = true;
                    continue;
                }
                toLoad.add(file);
            }
            // Files parse independently: on all cores at once when there are several (start-up of a large
            // directory is mostly YAML parsing, docs/benchmarks.md).
            List<FileState> loaded = (toLoad.size() > 1 ? toLoad.parallelStream() : toLoad.stream())
                    .map(file -> load(file, present.get(file), files.get(file)))
                    .toList();
            for (int i = 0; i < toLoad.size(); i++) {
                Path file = toLoad.get(i);
                FileState old = files.get(file);
                FileState next = loaded.get(i);
                if (next == null) {
                    pending = true;
                    continue;
                }
                files.put(file, next);
                changed |= old == null || !old.resources().equals(next.resources())
                        || old.error().isPresent() != next.error().isPresent();
            }
            if (changed || generation == 0) {
                List<BootResource> all = new ArrayList<>();
                Map<Path, ConfigLoadException> errs = new TreeMap<>();
                new TreeMap<>(files).forEach((p, s) -> {
                    all.addAll(s.resources());
                    s.error().ifPresent(err -> errs.put(p, err));
                });
                index = BootIndex.of(all);
                errors = Map.copyOf(errs);
                generation++;
                LOG.info("loaded {} resources from {} files in {} ({} files with errors)",
                        all.size(), files.size(), root, errs.size());
            }
        }
        return pending;
    }

    /** Reads one file; null when it changed while being read, so that a later scan reads it again. */
    private FileState load(Path file, BasicFileAttributes attrs, FileState previous) {
        String name = root.relativize(file).toString();
        List<BootResource> lastGood = previous == null ? List.of() : previous.resources();
        try {
            if (attrs.size() > MAX_FILE_BYTES) {
                throw new ConfigLoadException(name, -1, 0, "", "file is " + attrs.size()
                        + " bytes, more than the limit of " + MAX_FILE_BYTES);
            }
            if (attrs.size() == 0 && !lastGood.isEmpty()) {
                // An in-place rewrite truncates first: an empty file is far more often one being written than
                // a deliberate removal, which deleting the file expresses.
                throw new ConfigLoadException(name, -1, 0, "", "file is empty (being rewritten?); delete the file "
                        + "to remove its resources");
            }
            List<BootResource> parsed;
            try (InputStream in = Files.newInputStream(file)) {
                parsed = parser.parse(name, in);
            } catch (ConfigLoadException e) {
                if (changedSince(file, attrs)) {
                    return null;
                }
                throw e;
            }
            if (changedSince(file, attrs)) {
                return null;
            }
            checkDuplicates(name, parsed);
            if (previous != null && previous.error().isPresent()) {
                LOG.info("{}: loads again", name);
            }
            return new FileState(attrs.size(), attrs.lastModifiedTime(), fileKey(attrs), parsed, Optional.empty());
        } catch (ConfigLoadException e) {
            LOG.error("{}; {}", e.getMessage(), lastGood.isEmpty()
                    ? "nothing from this file is in force"
                    : "its last good content (" + lastGood.size() + " resources) stays in force");
            return new FileState(attrs.size(), attrs.lastModifiedTime(), fileKey(attrs), lastGood, Optional.of(e));
        } catch (IOException e) {
            ConfigLoadException err = new ConfigLoadException(name, -1, 0, "", "cannot read: " + e, e);
            LOG.error("{}; last good content stays in force", err.getMessage());
            return new FileState(-1, null, null, lastGood, Optional.of(err));
        }
    }

    /** Whether the file changed while it was read; then the read may have seen a partial write. */
    private static boolean changedSince(Path file, BasicFileAttributes before) {
        try {
            BasicFileAttributes now = Files.readAttributes(file, BasicFileAttributes.class);
            return now.size() != before.size() || !now.lastModifiedTime().equals(before.lastModifiedTime());
        } catch (IOException e) {
            return true;
        }
    }

    private static void checkDuplicates(String name, List<BootResource> parsed) throws ConfigLoadException {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < parsed.size(); i++) {
            BootResource r = parsed.get(i);
            if (!seen.add(r.kind() + " " + r.key())) {
                throw new ConfigLoadException(name, -1, 0, "metadata.name",
                        r.kind() + " " + r.key() + " is defined twice in this file");
            }
        }
    }

    private static Object fileKey(BasicFileAttributes attrs) {
        return attrs.fileKey();
    }

    private Map<Path, BasicFileAttributes> listManifests() {
        Map<Path, BasicFileAttributes> out = new HashMap<>();
        try {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), 32, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (!dir.equals(root) && (hidden(dir) || !dir.toRealPath().startsWith(realRoot))) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isRegularFile() && !hidden(file) && isManifestName(file)) {
                        if (file.toRealPath().startsWith(realRoot)) {
                            out.put(file, attrs);
                        } else {
                            LOG.warn("{}: resolves outside {}, ignored", file, root);
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    LOG.debug("{}: skipped during scan: {}", file, e.toString());
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("scan of {} failed: {}; keeping what is loaded", root, e.toString());
            return null;
        }
        return out;
    }

    private boolean hidden(Path p) {
        for (Path part : root.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isManifestName(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml");
    }

    private void watchLoop() {
        Set<Path> registered = new HashSet<>();
        boolean pending = false;
        while (!closed) {
            try {
                registerDirectories(registered);
                long wait = pending ? Math.min(SETTLE.toMillis(), pollInterval.toMillis()) : pollInterval.toMillis();
                var key = watcher.poll(wait, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (key != null) {
                    // Drain every pending event; one scan covers them all.
                    do {
                        key.pollEvents();
                        if (!key.reset()) {
                            registered.remove((Path) key.watchable());
                        }
                    } while ((key = watcher.poll()) != null);
                }
                pending = scan(false);
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("config directory watcher: {}", e.toString(), e);
            }
        }
    }

    private void registerDirectories(Set<Path> registered) {
        try (Stream<Path> walk = Files.walk(root, FileVisitOption.FOLLOW_LINKS)) {
            walk.filter(Files::isDirectory).filter(p -> p.equals(root) || !hidden(p)).forEach(d -> {
                if (registered.add(d)) {
                    try {
                        d.register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                                StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
                    } catch (IOException e) {
                        registered.remove(d);
                    }
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.debug("watch registration incomplete: {}", e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                LOG.debug("closing watcher: {}", e.toString());
            }
            thread.interrupt();
            if (Thread.currentThread() != thread) {
                try {
                    // A web container checks for leftover threads right after undeploy: be gone by then.
                    thread.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Override
    public List<IpxeBootConfig> ipxeConfigsBySystemUuid(String systemUuid) {
        return index.ipxeConfigsBySystemUuid(systemUuid);
    }

    @Override
    public List<IpxeBootConfig> ipxeConfigsBySystemIp(String ip) {
        return index.ipxeConfigsBySystemIp(ip);
    }

    @Override
    public List<HttpBootConfig> httpConfigsBySystemUuid(String systemUuid) {
        return index.httpConfigsBySystemUuid(systemUuid);
    }

    @Override
    public List<HttpBootConfig> httpConfigsByNetworkIdentifier(String ipOrMac) {
        return index.httpConfigsByNetworkIdentifier(ipOrMac);
    }

    @Override
    public Optional<Secret> secret(ObjectKey key) {
        return index.secret(key);
    }

    @Override
    public Collection<BootResource> all() {
        return index.all();
    }

    private record FileState(long size, FileTime modified, Object fileKey, List<BootResource> resources,
                             Optional<ConfigLoadException> error) {
        boolean sameStamp(BasicFileAttributes a) {
            return size == a.size() && a.lastModifiedTime().equals(modified)
                    && java.util.Objects.equals(fileKey, a.fileKey());
        }
    }
}
