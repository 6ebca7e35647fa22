package dev.bootoperator.ignition;

/**
 * How to translate Butane. {@code strict} refuses a config that has warnings, as {@code butane --strict}
 * does; the default, like upstream boot-operator, translates it and reports the warnings.
 */
public record ButaneOptions(boolean strict) {
    /** Not strict, as upstream. */
    public static ButaneOptions defaults() {
        return new ButaneOptions(false);
    }
}
