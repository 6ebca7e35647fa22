package dev.bootoperator.ignition;

/**
 * A Butane document that cannot be translated. {@link #field()} is the Butane YAML path at fault in butane's
 * form (dotted, 0-based indices), such as {@code storage.files.0.contents.local}, or empty when the document as
 * a whole is at fault (invalid YAML, oversize input); the message starts with that path. When butane would
 * report several errors, the first is the field and the message lists the others.
 *
 * <pre>{@code
 * storage.files.0.contents.local: local file paths are relative to a files directory that must be specified ...
 * }</pre>
 */
public final class ButaneException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public ButaneException(String field, String message) {
        this(field, message, null);
    }

    public ButaneException(String field, String message, Throwable cause) {
        super(field == null || field.isEmpty() ? message : field + ": " + message, cause);
        this.field = field == null ? "" : field;
    }

    /** The YAML path of the (first) offending field, e.g. {@code storage.files.1}; empty for the whole document. */
    public String field() {
        return field;
    }
}
