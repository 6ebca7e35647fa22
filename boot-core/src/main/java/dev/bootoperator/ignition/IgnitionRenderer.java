package dev.bootoperator.ignition;

import dev.bootoperator.config.BootResource;
import dev.bootoperator.config.ObjectKey;
import dev.bootoperator.config.Secret;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns an Ignition secret into the bytes a machine fetches: the {@code ignition} value as is, or, when
 * {@code format} is {@code fcos}, that value translated from Butane to Ignition JSON.
 *
 * <p>Translations are memoised per secret object: stores replace a secret object whenever it changes, so
 * a cached result is reused only for the very secret it was computed from. A cached answer costs a map lookup
 * and an identity check: the warnings travel with it, and {@link #render(Secret, BootResource, String,
 * WarningReporter)} reports them only when it translates, so a request that hits the cache does no work (and
 * allocates nothing) for them.
 */
public final class IgnitionRenderer {
    /** The {@code format} value that marks Butane. */
    public static final String FCOS_FORMAT = "fcos";
    private static final int MAX_MEMO_ENTRIES = 100_000;

    private final ButaneTranslator translator;
    private final Map<ObjectKey, Memo> memo = new ConcurrentHashMap<>();

    public IgnitionRenderer() {
        this(new ButaneTranslator());
    }

    /** A renderer translating with these options, e.g. {@code new ButaneOptions(true)} for strict. */
    public IgnitionRenderer(ButaneOptions options) {
        this(new ButaneTranslator(options));
    }

    public IgnitionRenderer(ButaneTranslator translator) {
        this.translator = translator;
    }

    /** The outcome of rendering. */
    public sealed interface Rendered {
        /**
         * The Ignition bytes to serve; for translated Butane, the warnings butane would print (unknown keys
         * dropped, fields ignored in raw mode, ...), empty otherwise.
         */
        record Ignition(byte[] json, boolean translated, List<ButaneWarning> warnings) implements Rendered {
            public Ignition {
                warnings = List.copyOf(warnings);
            }

            public Ignition(byte[] json, boolean translated) {
                this(json, translated, List.of());
            }
        }

        /** The secret has no {@code ignition} key. */
        record MissingKey() implements Rendered {
        }

        /** The Butane does not translate. */
        record Invalid(ButaneException error) implements Rendered {
        }
    }

    /** Receives butane's warnings for a secret, with the config and machine whose request translated it. */
    @FunctionalInterface
    public interface WarningReporter {
        void report(Secret secret, BootResource config, String machine, List<ButaneWarning> warnings);
    }

    /** Renders one secret's Ignition; warnings are only in the result. */
    public Rendered render(Secret secret) {
        return render(secret, null, "", (s, c, m, w) -> { });
    }

    /**
     * Renders one secret's Ignition for {@code machine} (booting with {@code config}) and, when this call
     * translated it (not a cached answer) and butane warned, hands the warnings to {@code reporter}: once per
     * translation, not once per request. The parameters are the request's existing objects, so that a cache hit
     * allocates nothing.
     */
    public Rendered render(Secret secret, BootResource config, String machine, WarningReporter reporter) {
        Objects.requireNonNull(reporter, "reporter");
        Memo m = memo.get(secret.key());
        if (m != null && m.secret == secret) {
            return m.result;
        }
        Rendered result = compute(secret);
        if (result instanceof Rendered.Ignition ignition && !ignition.warnings().isEmpty()) {
            reporter.report(secret, config, machine, ignition.warnings());
        }
        if (memo.size() >= MAX_MEMO_ENTRIES) {
            memo.clear();
        }
        memo.put(secret.key(), new Memo(secret, result));
        return result;
    }

    private Rendered compute(Secret secret) {
        byte[] data = secret.value(Secret.IGNITION_KEY).orElse(null);
        if (data == null) {
            return new Rendered.MissingKey();
        }
        boolean butane = secret.text(Secret.FORMAT_KEY).map(FCOS_FORMAT::equals).orElse(false);
        if (!butane) {
            return new Rendered.Ignition(data, false);
        }
        try {
            Translation translation = translator.translateWithWarnings(data);
            return new Rendered.Ignition(translation.json(), true, translation.warnings());
        } catch (ButaneException e) {
            return new Rendered.Invalid(e);
        }
    }

    private record Memo(Secret secret, Rendered result) {
    }
}
