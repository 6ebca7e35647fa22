package dev.bootoperator.boot;

/** The outcome of choosing one config among those that match a machine. */
public sealed interface Selection<T> {
    /** One config was chosen. */
    record Selected<T>(T config) implements Selection<T> {
    }

    /** No config applies to the machine. */
    record NoMatch<T>() implements Selection<T> {
    }

    /** Configs matched, but none may be served; {@code reason} says why (answered with 500). */
    record Failed<T>(String reason) implements Selection<T> {
    }
}
