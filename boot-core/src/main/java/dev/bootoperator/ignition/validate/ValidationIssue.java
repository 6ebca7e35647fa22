package dev.bootoperator.ignition.validate;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One finding of {@link IgnitionValidator}: where in the Ignition JSON it is and what Ignition says about it.
 *
 * @param path the JSON keys (camelCase {@link String}s, as in the Ignition JSON) and array indices
 *     ({@link Integer}s) from the root to the offending value, e.g. {@code [storage, files, 1, path]}
 * @param message Ignition's own wording where it has one, e.g. {@code duplicate entry defined}
 * @param warning {@code true} for what Ignition only warns about; {@code false} for what it rejects at boot
 */
public record ValidationIssue(List<Object> path, String message, boolean warning) {
    public ValidationIssue {
        path = List.copyOf(path);
    }

    static ValidationIssue error(List<Object> path, String message) {
        return new ValidationIssue(path, message, false);
    }

    static ValidationIssue warning(List<Object> path, String message) {
        return new ValidationIssue(path, message, true);
    }

    /** The path in dotted form, e.g. {@code storage.files.1.path}. */
    public String dottedPath() {
        return path.stream().map(String::valueOf).collect(Collectors.joining("."));
    }

    @Override
    public String toString() {
        return (warning ? "warning at " : "error at ") + dottedPath() + ": " + message;
    }
}
