package dev.bootoperator.config;

/**
 * A manifest that cannot be loaded. The message names the source (file), the document index within a
 * multi-document file, the line, and the field when one is at fault.
 */
public class ConfigLoadException extends Exception {
    private final String source;
    private final int documentIndex;
    private final int line;
    private final String field;

    public ConfigLoadException(String source, int documentIndex, int line, String field, String message) {
        this(source, documentIndex, line, field, message, null);
    }

    public ConfigLoadException(String source, int documentIndex, int line, String field, String message, Throwable cause) {
        super(format(source, documentIndex, line, field, message), cause);
        this.source = source;
        this.documentIndex = documentIndex;
        this.line = line;
        this.field = field == null ? "" : field;
    }

    private static String format(String source, int documentIndex, int line, String field, String message) {
        StringBuilder sb = new StringBuilder(source);
        if (line > 0) {
            sb.append(':').append(line);
        }
        if (documentIndex >= 0) {
            sb.append(" (document ").append(documentIndex).append(')');
        }
        sb.append(": ");
        if (field != null && !field.isEmpty()) {
            sb.append(field).append(": ");
        }
        return sb.append(message).toString();
    }

    /** The file or other source the manifest came from. */
    public String source() {
        return source;
    }

    /** The zero-based index of the YAML document within the source, or -1 when the source as a whole failed. */
    public int documentIndex() {
        return documentIndex;
    }

    /** The one-based line where the offending document or token starts, or 0 when unknown. */
    public int line() {
        return line;
    }

    /** The dotted path of the offending field, e.g. {@code spec.kernelURL}, or empty. */
    public String field() {
        return field;
    }
}
