package dev.bootoperator.operator.reconcile;

import dev.bootoperator.operator.HTTPBootConfig;
import dev.bootoperator.operator.SecretRef;
import java.time.Clock;
import java.util.Optional;

/** Controller {@value BootControllers#HTTP_BOOT_CONFIG}: an HTTPBootConfig is Ready when its Ignition secret is usable. */
final class HTTPBootConfigReconciler extends IgnitionSecretReconciler<HTTPBootConfig> {
    HTTPBootConfigReconciler(Clock clock) {
        super(HTTPBootConfig::new, clock);
    }

    @Override
    Optional<SecretRef> ignitionSecretRef(HTTPBootConfig config) {
        return config.getSpec() == null ? Optional.empty() : named(config.getSpec().getIgnitionSecretRef());
    }
}
