package dev.bootoperator.jetty;

import dev.bootoperator.config.HttpBootConfig;
import dev.bootoperator.config.IpxeBootConfig;
import dev.bootoperator.event.BootEvent;
import dev.bootoperator.event.BootEventListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Turns boot events into Micrometer meters. Tags are low-cardinality only (endpoint, outcome, config kind), never a
 * machine UUID or client address: those are in the event log.
 * <ul>
 *   <li>{@code boot_requests_seconds{endpoint,outcome}}: every request the boot servlet answered;</li>
 *   <li>{@code boot_ipxe_scripts_served_total}: iPXE boot scripts handed to machines;</li>
 *   <li>{@code boot_ignition_served_total{config_kind}}: Ignition configs handed to machines;</li>
 *   <li>{@code boot_httpboot_served_total{source}}: HTTP-boot answers, from a config or the default UKI;</li>
 *   <li>{@code boot_ignition_denied_total}: Ignition requests refused by the source check or URL signing;</li>
 *   <li>{@code boot_butane_warnings_total}: warnings of Butane translations (unknown keys butane drops, ...),
 *       counted once per translation, not per request; the log names machine, secret and YAML path.</li>
 * </ul>
 *
 * <pre>{@code
 * BootService.builder(store).listener(new MicrometerBootEventListener(registry)).build();
 * }</pre>
 */
public final class MicrometerBootEventListener implements BootEventListener {
    private final Meter.MeterProvider<Timer> requests;
    private final Counter ipxeScripts;
    private final Meter.MeterProvider<Counter> ignition;
    private final Meter.MeterProvider<Counter> httpBoot;
    private final Counter ignitionDenied;
    private final Counter butaneWarnings;

    public MicrometerBootEventListener(MeterRegistry registry) {
        this.requests = Timer.builder("boot.requests")
                .description("Requests answered by the boot endpoints")
                .withRegistry(registry);
        this.ipxeScripts = Counter.builder("boot.ipxe.scripts.served")
                .description("iPXE boot scripts served to machines")
                .register(registry);
        this.ignition = Counter.builder("boot.ignition.served")
                .description("Ignition configs served to machines")
                .withRegistry(registry);
        this.httpBoot = Counter.builder("boot.httpboot.served")
                .description("HTTP-boot answers, from a matching config or the default UKI")
                .withRegistry(registry);
        this.ignitionDenied = Counter.builder("boot.ignition.denied")
                .description("Ignition requests refused: unsigned or badly signed URL, or not the machine's IP")
                .register(registry);
        this.butaneWarnings = Counter.builder("boot.butane.warnings")
                .description("Warnings of Butane translations, once per translation (see the WARN log for the paths)")
                .register(registry);
        // Present from the start, so that rates are defined before the first boot.
        ignition.withTag("config_kind", IpxeBootConfig.KIND);
        ignition.withTag("config_kind", HttpBootConfig.KIND);
    }

    @Override
    public void onEvent(BootEvent event) {
        if (event instanceof BootEvent.RequestCompleted e) {
            requests.withTags("endpoint", e.endpoint(), "outcome", e.outcome()).record(e.duration());
        } else if (event instanceof BootEvent.IpxeScriptFetched) {
            ipxeScripts.increment();
        } else if (event instanceof BootEvent.IgnitionDataFetched e) {
            ignition.withTag("config_kind", e.configKind()).increment();
        } else if (event instanceof BootEvent.ButaneWarned e) {
            butaneWarnings.increment(e.warnings().size());
        } else if (event instanceof BootEvent.IgnitionDenied) {
            ignitionDenied.increment();
        } else if (event instanceof BootEvent.HttpBootServed e) {
            httpBoot.withTag("source", e.config().isPresent() ? "config" : "default").increment();
        }
    }
}
