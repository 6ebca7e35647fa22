package dev.bootoperator.operator.runtime;

import dev.bootoperator.operator.OperatorOptions;
import io.javaoperatorsdk.operator.Operator;
import java.util.function.BiConsumer;

/**
 * Registers the reconcilers with the JOSDK {@link Operator} before it starts. With leader election, every replica
 * registers them and keeps their informer caches; only the Lease holder processes events.
 *
 * <pre>{@code
 * ControllerRegistrar registrar = ControllerRegistrar.of((operator, options) -> operator.register(new MyReconciler()));
 * }</pre>
 */
@FunctionalInterface
public interface ControllerRegistrar {
    /** Registers nothing: the process serves boots only. */
    ControllerRegistrar NONE = (operator, options) -> () -> { };

    /** A registrar whose controllers hold nothing open. */
    static ControllerRegistrar of(BiConsumer<Operator, OperatorOptions> registration) {
        return (operator, options) -> {
            registration.accept(operator, options);
            return () -> { };
        };
    }

    /** Registers the controllers; returns what they hold open (a registry client, say), closed when the operator stops. */
    AutoCloseable register(Operator operator, OperatorOptions options) throws Exception;
}
