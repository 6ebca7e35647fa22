package dev.bootoperator.operator.reconcile;

import dev.bootoperator.operator.IPXEBootConfig;
import dev.bootoperator.operator.SecretRef;
import java.time.Clock;
import java.util.Optional;

/** Controller {@value BootControllers#IPXE_BOOT_CONFIG}: an IPXEBootConfig is Ready when its Ignition secret is usable. */
final class IPXEBootConfigReconciler extends IgnitionSecretReconciler<IPXEBootConfig> {
    IPXEBootConfigReconciler(Clock clock) {
        super(IPXEBootConfig::new, clock);
    }

    @Override
    Optional<SecretRef> ignitionSecretRef(IPXEBootConfig config) {
        return config.getSpec() == null ? Optional.empty() : named(config.getSpec().getIgnitionSecretRef());
    }
}
