package dev.bootoperator.ignition;

/**
 * A Butane document that cannot be translated. {@link #field()} is the Butane path at fault, such as
 * {@code storage.files[0].contents.local}, or empty when the document as a whole is at fault (invalid YAML,
 * oversize input); the message starts with that path.
 *
 * <pre>{@code
 * storage.files[0].contents.local: local file references are not supported (no files-dir)
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

    /** The dotted, indexed Butane path of the offending field, or empty when no single field is at fault. */
    public String field() {
        return field;
    }
}
