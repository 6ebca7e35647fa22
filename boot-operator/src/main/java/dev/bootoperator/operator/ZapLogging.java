package dev.bootoperator.operator;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * controller-runtime's zap flags ({@code --zap-devel}, {@code --zap-encoder}, {@code --zap-log-level},
 * {@code --zap-stacktrace-level}, {@code --zap-time-encoding}) mapped onto logback.
 *
 * <ul>
 *   <li>{@code --zap-log-level}: {@code debug}, {@code info}, {@code error}, {@code panic} (logback has no panic:
 *       ERROR) or an integer {@code n > 0} for logr's {@code V(n)}: 1 is DEBUG, 2 and more TRACE.</li>
 *   <li>{@code --zap-encoder}: {@code json} writes zap's production lines ({@code level}, {@code ts},
 *       {@code logger}, {@code msg}, {@code error}, {@code stacktrace}); {@code console} zap's tab-separated
 *       {@code ts LEVEL logger msg}.</li>
 *   <li>{@code --zap-stacktrace-level}: a logged exception's stack trace is printed for events at or above it;
 *       below, only the exception's class and message.</li>
 *   <li>{@code --zap-devel=true} means debug and console, {@code --zap-devel=false} zap's production settings
 *       (json, info, stack traces from error); explicit flags win. Without any, console at INFO (upstream's
 *       default is development mode, i.e. debug; see the README's notes for Go users).</li>
 * </ul>
 * Third-party loggers that logback.xml sets to WARN (fabric8, Vert.x, Netty, Jetty) and the per-boot event logger
 * ({@code BOOT_EVENTS_LOG}) keep their levels.
 *
 * @param level           the root logger's level
 * @param json            json encoder instead of console
 * @param stacktraceLevel the lowest level whose exceptions are printed with their stack trace
 * @param timeEncoding    how the time of each line is written
 */
public record ZapLogging(Level level, boolean json, Level stacktraceLevel, TimeEncoding timeEncoding) {
    /**
     * Without zap flags: console, INFO, stack traces from ERROR (a retried conflict logged at WARN stays one line),
     * ISO 8601 with milliseconds.
     */
    public static final ZapLogging DEFAULT = new ZapLogging(Level.INFO, false, Level.ERROR, TimeEncoding.ISO8601);

    public ZapLogging {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(stacktraceLevel, "stacktraceLevel");
        Objects.requireNonNull(timeEncoding, "timeEncoding");
    }

    /** zap's {@code --zap-time-encoding} values. */
    public enum TimeEncoding {
        EPOCH, MILLIS, NANO, ISO8601, RFC3339, RFC3339NANO;

        private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
        private static final DateTimeFormatter RFC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
        private static final DateTimeFormatter RFC_NANO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX");

        /** The time as zap writes it: a JSON number for the epoch encodings, otherwise text. */
        String format(Instant time, ZoneId zone) {
            return switch (this) {
                case EPOCH -> Double.toString(time.getEpochSecond() + time.getNano() / 1e9);
                case MILLIS -> Double.toString(time.toEpochMilli() + (time.getNano() % 1_000_000) / 1e6);
                case NANO -> Long.toString(time.getEpochSecond() * 1_000_000_000L + time.getNano());
                case ISO8601 -> ISO.format(time.atZone(zone));
                case RFC3339 -> RFC.format(time.atZone(zone));
                case RFC3339NANO -> RFC_NANO.format(time.atZone(zone));
            };
        }

        boolean numeric() {
            return this == EPOCH || this == MILLIS || this == NANO;
        }
    }

    /**
     * The settings of the given zap flags (each empty when not given).
     *
     * @throws IllegalArgumentException starting with the flag's name, listing the valid values
     */
    public static ZapLogging fromFlags(Optional<Boolean> devel, Optional<String> encoder, Optional<String> level,
                                       Optional<String> stacktraceLevel, Optional<String> timeEncoding) {
        boolean production = devel.isPresent() && !devel.get();
        boolean development = devel.orElse(false);
        Level root = level.map(ZapLogging::level)
                .orElse(development ? Level.DEBUG : Level.INFO);
        boolean json = encoder.map(ZapLogging::json).orElse(production);
        Level stacktrace = stacktraceLevel.map(ZapLogging::stacktraceLevel)
                .orElse(development ? Level.WARN : Level.ERROR);
        TimeEncoding time = timeEncoding.map(ZapLogging::timeEncoding).orElse(TimeEncoding.ISO8601);
        return new ZapLogging(root, json, stacktrace, time);
    }

    private static Level level(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "debug":
                return Level.DEBUG;
            case "info":
                return Level.INFO;
            case "error":
            case "panic":
                return Level.ERROR;
            default:
                break;
        }
        try {
            int verbosity = Integer.parseInt(v);
            if (verbosity > 0) {
                return verbosity == 1 ? Level.DEBUG : Level.TRACE;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--zap-log-level: '" + value
                + "' is not debug, info, error, panic or an integer > 0");
    }

    private static boolean json(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "json" -> true;
            case "console" -> false;
            default -> throw new IllegalArgumentException("--zap-encoder: '" + value + "' is not json or console");
        };
    }

    private static Level stacktraceLevel(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "info" -> Level.INFO;
            case "error", "panic" -> Level.ERROR;
            default -> throw new IllegalArgumentException("--zap-stacktrace-level: '" + value
                    + "' is not info, error or panic");
        };
    }

    private static TimeEncoding timeEncoding(String value) {
        try {
            return TimeEncoding.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--zap-time-encoding: '" + value
                    + "' is not epoch, millis, nano, iso8601, rfc3339 or rfc3339nano", e);
        }
    }

    /** Applies these settings to the process's logback, when logback is the slf4j binding (it is in the jar). */
    public void apply() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            apply(context, null);
        }
    }

    /**
     * Sets the root level and replaces the root's appenders with one console appender (to {@code System.out}, or
     * to {@code target} when given) that writes lines in these settings.
     */
    void apply(LoggerContext context, java.io.OutputStream target) {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        ZapLayout layout = new ZapLayout(this, ZoneId.systemDefault());
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        ch.qos.logback.core.OutputStreamAppender<ILoggingEvent> appender;
        if (target == null) {
            appender = new ConsoleAppender<>();
        } else {
            appender = new ch.qos.logback.core.OutputStreamAppender<>();
            appender.setOutputStream(target);
        }
        appender.setName("zap");
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.start();
        root.detachAndStopAllAppenders();
        root.addAppender(appender);
    }

    /** One line per event, as zap's json or console encoder writes it. */
    static final class ZapLayout extends LayoutBase<ILoggingEvent> {
        private static final JsonStringEncoder JSON = JsonStringEncoder.getInstance();
        private final ZapLogging settings;
        private final ZoneId zone;

        ZapLayout(ZapLogging settings, ZoneId zone) {
            this.settings = settings;
            this.zone = zone;
        }

        @Override
        public String doLayout(ILoggingEvent event) {
            Instant instant = event.getInstant() != null ? event.getInstant() : Instant.ofEpochMilli(event.getTimeStamp());
            String time = settings.timeEncoding.format(instant, zone);
            String logger = shortName(event.getLoggerName());
            IThrowableProxy thrown = event.getThrowableProxy();
            boolean stack = thrown != null && event.getLevel().isGreaterOrEqual(settings.stacktraceLevel);
            StringBuilder b = new StringBuilder(128);
            if (settings.json) {
                b.append("{\"level\":\"").append(event.getLevel().toString().toLowerCase(Locale.ROOT)).append("\",\"ts\":");
                if (settings.timeEncoding.numeric()) {
                    b.append(time);
                } else {
                    quote(b, time);
                }
                b.append(",\"logger\":");
                quote(b, logger);
                b.append(",\"msg\":");
                quote(b, event.getFormattedMessage());
                if (thrown != null) {
                    b.append(",\"error\":");
                    quote(b, thrown.getClassName() + ": " + thrown.getMessage());
                    if (stack) {
                        b.append(",\"stacktrace\":");
                        quote(b, ThrowableProxyUtil.asString(thrown));
                    }
                }
                b.append('}').append(CoreConstants.LINE_SEPARATOR);
            } else {
                b.append(time).append('\t').append(event.getLevel()).append('\t').append(logger).append('\t')
                        .append(event.getFormattedMessage());
                if (thrown != null && !stack) {
                    b.append('\t').append("{\"error\": ");
                    quote(b, thrown.getClassName() + ": " + thrown.getMessage());
                    b.append('}');
                }
                b.append(CoreConstants.LINE_SEPARATOR);
                if (stack) {
                    b.append(ThrowableProxyUtil.asString(thrown)).append(CoreConstants.LINE_SEPARATOR);
                }
            }
            return b.toString();
        }

        private static String shortName(String logger) {
            int dot = logger.lastIndexOf('.');
            return dot < 0 ? logger : logger.substring(dot + 1);
        }

        private static void quote(StringBuilder b, String s) {
            b.append('"');
            JSON.quoteAsString(s == null ? "" : s, b);
            b.append('"');
        }
    }
}
