package dev.bootoperator.boot;

import dev.bootoperator.config.BootResource;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses one config when several match a machine, e.g. a maintenance config and a workload config.
 * The default takes the first by namespace and name, as upstream takes the first it lists, and logs the
 * ambiguity. The Kubernetes operator supplies a selector that knows which config the Server wants now.
 */
@FunctionalInterface
public interface ConfigSelector {

    /** The first candidate by namespace/name; logs a warning when there are several. */
    ConfigSelector FIRST = new ConfigSelector() {
        private final Logger log = LoggerFactory.getLogger(ConfigSelector.class);

        @Override
        public <T extends BootResource> Selection<T> select(String machine, List<T> candidates) {
            if (candidates.isEmpty()) {
                return new Selection.NoMatch<>();
            }
            if (candidates.size() > 1) {
                log.warn("machine {}: {} configs match ({}); serving {}", machine, candidates.size(),
                        candidates.stream().map(c -> c.kind() + " " + c.key()).toList(), candidates.get(0).key());
            }
            return new Selection.Selected<>(candidates.get(0));
        }
    };

    /**
     * Chooses among candidates (ordered by namespace/name) for a machine.
     *
     * @param machine the machine's identifier as requested (UUID, IP or MAC), for messages
     */
    <T extends BootResource> Selection<T> select(String machine, List<T> candidates);
}
