package dev.bootoperator.event;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each machine-level event (script served, Ignition served, HTTP boot answered) at DEBUG on the logger
 * {@code dev.bootoperator.events}. DEBUG, not INFO: under a rack-wide reboot one line per request cost about a
 * quarter of the server's CPU (docs/benchmarks.md); the counters in the metrics stay on. Set that logger to
 * DEBUG to see every boot. A refused Ignition request ({@code IgnitionDenied}) is a security event and is
 * logged at WARN.
 */
public final class LoggingBootEventListener implements BootEventListener {
    private static final Logger LOG = LoggerFactory.getLogger("dev.bootoperator.events");

    @Override
    public void onEvent(BootEvent event) {
        if (event instanceof BootEvent.IgnitionDenied e) {
            // A security event: always logged.
            LOG.warn("IgnitionDenied machine={} client={}: {}", e.systemUuid(), e.clientAddress(), e.reason());
            return;
        }
        if (!LOG.isDebugEnabled()) {
            return;
        }
        if (event instanceof BootEvent.IpxeScriptFetched e) {
            LOG.debug("IPXEScriptFetched machine={} config={} client={}", e.systemUuid(), e.config(), e.clientAddress());
        } else if (event instanceof BootEvent.IgnitionDataFetched e) {
            LOG.debug("IgnitionDataFetched machine={} config={} {} client={}", e.systemUuid(), e.configKind(), e.config(),
                    e.clientAddress());
        } else if (event instanceof BootEvent.HttpBootServed e) {
            LOG.debug("HTTPBootServed clients={} config={} uki={}", e.clientAddresses(),
                    e.config().map(Object::toString).orElse("(default)"), e.ukiUrl());
        }
    }
}
