package dev.bootoperator.ignition;

/** A Butane field path as users write it: {@code storage.files[0].contents.inline}; empty for the root. */
record FieldPath(String value) {
    static final FieldPath ROOT = new FieldPath("");

    FieldPath key(String key) {
        return new FieldPath(value.isEmpty() ? key : value + "." + key);
    }

    FieldPath index(int index) {
        return new FieldPath(value + "[" + index + "]");
    }

    ButaneException error(String message) {
        return new ButaneException(value, message);
    }

    @Override
    public String toString() {
        return value;
    }
}
