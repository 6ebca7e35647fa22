package dev.bootoperator.event;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs each machine-level event (script served, Ignition served, HTTP boot answered) at INFO. */
public final class LoggingBootEventListener implements BootEventListener {
    private static final Logger LOG = LoggerFactory.getLogger("dev.bootoperator.events");

    @Override
    public void onEvent(BootEvent event) {
        if (event instanceof BootEvent.IpxeScriptFetched e) {
            LOG.info("IPXEScriptFetched machine={} config={} client={}", e.systemUuid(), e.config(), e.clientAddress());
        } else if (event instanceof BootEvent.IgnitionDataFetched e) {
            LOG.info("IgnitionDataFetched machine={} config={} {} client={}", e.systemUuid(), e.configKind(), e.config(),
                    e.clientAddress());
        } else if (event instanceof BootEvent.HttpBootServed e) {
            LOG.info("HTTPBootServed clients={} config={} uki={}", e.clientAddresses(),
                    e.config().map(Object::toString).orElse("(default)"), e.ukiUrl());
        }
    }
}
