package dev.bootoperator.event;

import dev.bootoperator.config.ObjectKey;
import dev.bootoperator.ignition.ButaneWarning;
import java.time.Duration;
import java.util.List;

/**
 * Something that happened while serving a machine. Listeners turn these into logs, metrics, status
 * conditions or Kubernetes Events.
 */
public sealed interface BootEvent {

    /** A machine was handed its iPXE script ({@code IPXEScriptFetched} upstream). */
    record IpxeScriptFetched(ObjectKey config, String systemUuid, String clientAddress) implements BootEvent {
    }

    /** A machine was handed its Ignition config ({@code IgnitionDataFetched} upstream). */
    record IgnitionDataFetched(String configKind, ObjectKey config, String systemUuid, String clientAddress)
            implements BootEvent {
    }

    /** A machine asked for its HTTP-boot UKI; {@code config} is empty when the default UKI was served. */
    record HttpBootServed(java.util.Optional<ObjectKey> config, String clientAddresses, String ukiUrl)
            implements BootEvent {
    }

    /**
     * Butane in an Ignition secret translated with warnings (unknown keys butane drops, ...): reported once per
     * translation, by the request that translated it, not on every request the cached result answers.
     */
    record ButaneWarned(String configKind, ObjectKey config, String systemUuid, ObjectKey secret,
            List<ButaneWarning> warnings) implements BootEvent {
        public ButaneWarned {
            warnings = List.copyOf(warnings);
        }
    }

    /** An Ignition request was refused: unsigned or badly signed URL, or a client that is not the machine. */
    record IgnitionDenied(String systemUuid, String clientAddress, String reason) implements BootEvent {
    }

    /**
     * Any request finished.
     *
     * @param endpoint a low-cardinality name: {@code ipxe-chain}, {@code ipxe-script}, {@code httpboot},
     *                 {@code ignition}, {@code health}, {@code image} or {@code unknown}
     * @param outcome  a low-cardinality outcome: {@code success}, {@code client_error}, {@code not_found},
     *                 {@code server_error} or {@code unavailable}
     */
    record RequestCompleted(String endpoint, int status, String outcome, Duration duration) implements BootEvent {
        /** The outcome name for a status code. */
        public static String outcomeOf(int status) {
            if (status < 400) {
                return "success";
            } else if (status == 404) {
                return "not_found";
            } else if (status == 503) {
                return "unavailable";
            } else if (status < 500) {
                return "client_error";
            }
            return "server_error";
        }
    }
}
