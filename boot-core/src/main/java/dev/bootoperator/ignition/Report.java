package dev.bootoperator.ignition;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** Errors and warnings found so far, each at a Butane YAML path, in the order found (butane's report). */
final class Report {
    record Entry(NodePath path, String message, boolean error) {
        @Override
        public String toString() {
            return path.size() == 0 ? message : path + ": " + message;
        }
    }

    private static final int LISTED = 10;

    private final Set<Entry> entries = new LinkedHashSet<>();

    void error(NodePath path, String message) {
        add(new Entry(path, message, true));
    }

    void warn(NodePath path, String message) {
        add(new Entry(path, message, false));
    }

    private void add(Entry entry) {
        entries.add(Objects.requireNonNull(entry));
    }

    boolean fatal() {
        return entries.stream().anyMatch(Entry::error);
    }

    List<Entry> warnings() {
        return entries.stream().filter(e -> !e.error()).toList();
    }

    /** Throws the errors found so far, if any: the first one's path is the exception's field. */
    void throwIfFatal() {
        List<Entry> errors = entries.stream().filter(Entry::error).toList();
        if (errors.isEmpty()) {
            return;
        }
        Entry first = errors.get(0);
        String message = first.message();
        throw new ButaneException(first.path().toString(), message + more(errors.stream().skip(1).map(Entry::toString).toList()));
    }

    /** "; and N more: a; b; …", naming at most {@value #LISTED} so that a message stays a line. */
    static String more(List<String> others) {
        if (others.isEmpty()) {
            return "";
        }
        return others.stream().limit(LISTED).collect(Collectors.joining("; ", "; and " + others.size() + " more: ",
                others.size() > LISTED ? "; …" : ""));
    }
}
