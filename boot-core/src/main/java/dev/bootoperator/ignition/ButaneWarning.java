package dev.bootoperator.ignition;

/**
 * Something butane translates but warns about, such as an unknown key it drops: {@code path} is the YAML
 * path in butane's form ({@code storage.files.0.mode}), empty for the document as a whole.
 */
public record ButaneWarning(String path, String message) {
    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
