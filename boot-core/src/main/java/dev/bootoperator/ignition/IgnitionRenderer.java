package dev.bootoperator.ignition;

import dev.bootoperator.config.ObjectKey;
import dev.bootoperator.config.Secret;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns an Ignition secret into the bytes a machine fetches: the {@code ignition} value as is, or, when
 * {@code format} is {@code fcos}, that value translated from Butane to Ignition JSON.
 *
 * <p>Translations are memoised per secret object: stores replace a secret object whenever it changes, so
 * a cached result is reused only for the very secret it was computed from.
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

    public IgnitionRenderer(ButaneTranslator translator) {
        this.translator = translator;
    }

    /** The outcome of rendering. */
    public sealed interface Rendered {
        /** The Ignition bytes to serve. */
        record Ignition(byte[] json, boolean translated) implements Rendered {
        }

        /** The secret has no {@code ignition} key. */
        record MissingKey() implements Rendered {
        }

        /** The Butane does not translate. */
        record Invalid(ButaneException error) implements Rendered {
        }
    }

    /** Renders one secret's Ignition. */
    public Rendered render(Secret secret) {
        Memo m = memo.get(secret.key());
        if (m != null && m.secret == secret) {
            return m.result;
        }
        Rendered result = compute(secret);
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
            return new Rendered.Ignition(translator.translate(data), true);
        } catch (ButaneException e) {
            return new Rendered.Invalid(e);
        }
    }

    private record Memo(Secret secret, Rendered result) {
    }
}
