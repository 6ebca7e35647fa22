package dev.bootoperator.event;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives {@link BootEvent}s on the request thread. Implementations must be fast and must not throw;
 * a listener that throws is logged and does not affect the response.
 */
@FunctionalInterface
public interface BootEventListener {
    /** A listener that ignores everything. */
    BootEventListener NONE = event -> { };

    void onEvent(BootEvent event);

    /** Delivers each event to every listener in order, isolating failures. */
    static BootEventListener all(List<BootEventListener> listeners) {
        List<BootEventListener> copy = List.copyOf(listeners);
        Logger log = LoggerFactory.getLogger(BootEventListener.class);
        return event -> {
            for (BootEventListener l : copy) {
                try {
                    l.onEvent(event);
                } catch (RuntimeException e) {
                    log.warn("boot event listener {} failed on {}: {}", l, event, e.toString());
                }
            }
        };
    }
}
