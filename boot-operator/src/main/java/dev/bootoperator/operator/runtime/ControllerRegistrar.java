package dev.bootoperator.operator.runtime;

import dev.bootoperator.operator.OperatorOptions;
import io.javaoperatorsdk.operator.Operator;

/**
 * Registers the reconcilers with the JOSDK {@link Operator} before it starts. With leader election, every replica
 * registers them and keeps their informer caches; only the Lease holder processes events.
 *
 * <pre>{@code
 * ControllerRegistrar registrar = (operator, options) -> operator.register(new MyReconciler());
 * }</pre>
 */
@FunctionalInterface
public interface ControllerRegistrar {
    /** Registers nothing: the process serves boots only. */
    ControllerRegistrar NONE = (operator, options) -> { };

    void register(Operator operator, OperatorOptions options);
}
