package dev.bootoperator.ignition;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** Errors and warnings found so far, each at a Butane YAML path, in the order found (butane's report). */
final class Report {
    record Entry(NodePath path, String message, boolean error) {
        @Override
        public String toString() {
            return path.size() == 0 ? message : path + ": " + message;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    void error(NodePath path, String message) {
        add(new Entry(path, message, true));
    }

    void warn(NodePath path, String message) {
        add(new Entry(path, message, false));
    }

    private void add(Entry entry) {
        if (!entries.contains(entry)) {
            entries.add(Objects.requireNonNull(entry));
        }
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
        if (errors.size() > 1) {
            message += errors.stream().skip(1).map(Entry::toString)
                    .collect(Collectors.joining("; ", "; and " + (errors.size() - 1) + " more: ", ""));
        }
        throw new ButaneException(first.path().toString(), message);
    }
}
