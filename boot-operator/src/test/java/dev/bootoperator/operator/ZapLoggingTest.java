package dev.bootoperator.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** controller-runtime's zap flags mapped onto logback: levels, encoders, stack traces, time encodings. */
class ZapLoggingTest {
    private static final Optional<String> NONE = Optional.empty();

    @Test
    void develMeansDebugAndConsoleAndFalseMeansZapProduction() {
        assertThat(ZapLogging.fromFlags(Optional.empty(), NONE, NONE, NONE, NONE)).isEqualTo(ZapLogging.DEFAULT);
        assertThat(ZapLogging.fromFlags(Optional.of(true), NONE, NONE, NONE, NONE))
                .isEqualTo(new ZapLogging(Level.DEBUG, false, Level.WARN, ZapLogging.TimeEncoding.ISO8601));
        assertThat(ZapLogging.fromFlags(Optional.of(false), NONE, NONE, NONE, NONE))
                .isEqualTo(new ZapLogging(Level.INFO, true, Level.ERROR, ZapLogging.TimeEncoding.ISO8601));
        // explicit flags win over --zap-devel
        assertThat(ZapLogging.fromFlags(Optional.of(true), Optional.of("json"), Optional.of("error"),
                Optional.of("panic"), Optional.of("epoch")))
                .isEqualTo(new ZapLogging(Level.ERROR, true, Level.ERROR, ZapLogging.TimeEncoding.EPOCH));
    }

    @Test
    void levelsIncludingLogrVerbosityIntegers() {
        assertThat(level("debug")).isEqualTo(Level.DEBUG);
        assertThat(level("info")).isEqualTo(Level.INFO);
        assertThat(level("error")).isEqualTo(Level.ERROR);
        assertThat(level("panic")).isEqualTo(Level.ERROR);
        assertThat(level("1")).isEqualTo(Level.DEBUG);
        assertThat(level("5")).isEqualTo(Level.TRACE);
    }

    @Test
    void badValuesNameTheFlag() {
        assertThatThrownBy(() -> level("0")).hasMessageStartingWith("--zap-log-level: '0'");
        assertThatThrownBy(() -> level("warn")).hasMessageStartingWith("--zap-log-level: 'warn'");
        assertThatThrownBy(() -> ZapLogging.fromFlags(Optional.empty(), Optional.of("text"), NONE, NONE, NONE))
                .hasMessage("--zap-encoder: 'text' is not json or console");
        assertThatThrownBy(() -> ZapLogging.fromFlags(Optional.empty(), NONE, NONE, Optional.of("debug"), NONE))
                .hasMessageStartingWith("--zap-stacktrace-level: 'debug'");
        assertThatThrownBy(() -> ZapLogging.fromFlags(Optional.empty(), NONE, NONE, NONE, Optional.of("unix")))
                .hasMessageStartingWith("--zap-time-encoding: 'unix'");
    }

    @Test
    void timeEncodingsAsZapWritesThem() {
        Instant t = Instant.parse("2026-08-04T10:11:12.345678901Z");
        assertThat(Double.parseDouble(ZapLogging.TimeEncoding.EPOCH.format(t, ZoneOffset.UTC))).isCloseTo(t.getEpochSecond() + 0.345678901, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(ZapLogging.TimeEncoding.NANO.format(t, ZoneOffset.UTC)).isEqualTo(t.getEpochSecond() + "345678901");
        assertThat(Double.parseDouble(ZapLogging.TimeEncoding.MILLIS.format(t, ZoneOffset.UTC))).isCloseTo(t.getEpochSecond() * 1000 + 345.678901, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(ZapLogging.TimeEncoding.ISO8601.format(t, ZoneOffset.UTC)).isEqualTo("2026-08-04T10:11:12.345+0000");
        assertThat(ZapLogging.TimeEncoding.RFC3339.format(t, ZoneOffset.UTC)).isEqualTo("2026-08-04T10:11:12Z");
        assertThat(ZapLogging.TimeEncoding.RFC3339NANO.format(t, ZoneOffset.UTC))
                .isEqualTo("2026-08-04T10:11:12.345678901Z");
    }

    @Test
    void jsonLinesCarryZapsKeysAndStackTracesOnlyFromTheStacktraceLevel() throws Exception {
        ZapLogging logging = new ZapLogging(Level.INFO, true, Level.ERROR, ZapLogging.TimeEncoding.RFC3339);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LoggerContext context = context();
        logging.apply(context, out);

        org.slf4j.Logger log = context.getLogger("dev.bootoperator.operator.Setup");
        log.debug("not shown");
        log.warn("registry slow", new IllegalStateException("timeout"));
        log.error("gave up", new IllegalStateException("refused"));

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        JsonNode warn = new ObjectMapper().readTree(lines[0]);
        assertThat(warn.get("level").asText()).isEqualTo("warn");
        assertThat(warn.get("logger").asText()).isEqualTo("Setup");
        assertThat(warn.get("msg").asText()).isEqualTo("registry slow");
        assertThat(warn.get("error").asText()).isEqualTo("java.lang.IllegalStateException: timeout");
        assertThat(warn.has("stacktrace")).as("WARN is below the stacktrace level").isFalse();
        assertThat(warn.get("ts").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)");
        JsonNode error = new ObjectMapper().readTree(lines[1]);
        assertThat(error.get("stacktrace").asText()).contains("at dev.bootoperator.operator.ZapLoggingTest");
    }

    @Test
    void consoleLinesAreTabSeparatedAndDebugShowsWithDevel() {
        ZapLogging logging = ZapLogging.fromFlags(Optional.of(true), NONE, NONE, NONE, Optional.of("epoch"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LoggerContext context = context();
        logging.apply(context, out);

        context.getLogger("x.Reconciler").debug("reconciled {}", "default/m1");

        assertThat(out.toString(StandardCharsets.UTF_8)).matches("\\d\\.\\d+E9\tDEBUG\tReconciler\treconciled default/m1\\R");
    }

    /** A logback context of the test's own, so the JVM's logging is left alone. */
    private static LoggerContext context() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        return context;
    }

    private static Level level(String value) {
        return ZapLogging.fromFlags(Optional.empty(), NONE, Optional.of(value), NONE, NONE).level();
    }
}
