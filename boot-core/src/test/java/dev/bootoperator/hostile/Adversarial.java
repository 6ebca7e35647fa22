package dev.bootoperator.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generators of hostile text for the property tests, on plain JUnit: strings over a parser's own alphabet,
 * sequences of tricky fragments, and unrestricted Unicode, from a fixed seed so that a failure reproduces. Set
 * {@code -Dhostile.seed=N} to explore other inputs; a failure names the seed and the input, to be kept as a named
 * regression test. The bound every parser must meet: an answer within 2 s.
 */
public final class Adversarial {
    static final Duration BOUND = Duration.ofSeconds(2);
    static final long SEED = Long.getLong("hostile.seed", 20261127L);

    private Adversarial() {
    }

    /** {@code count} inputs of at most {@code max} characters. */
    static List<String> inputs(int count, String alphabet, List<String> fragments, int max) {
        Random random = new Random(SEED ^ alphabet.hashCode());
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder b = new StringBuilder();
            int kind = random.nextInt(4);
            int length = random.nextInt(max + 1);
            while (b.length() < length) {
                switch (kind) {
                    case 0 -> b.append(alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> b.append(fragments.get(random.nextInt(fragments.size())));
                    case 2 -> b.appendCodePoint(random.nextInt(0x2FFFF));
                    default -> b.append(random.nextBoolean()
                            ? fragments.get(random.nextInt(fragments.size()))
                            : String.valueOf(alphabet.charAt(random.nextInt(alphabet.length()))));
                }
            }
            out.add(b.length() > max * 2 ? b.substring(0, max * 2) : b.toString());
        }
        return out;
    }

    /**
     * {@code count} mutants of valid documents: each takes one of {@code valid} and applies 0 to 3 edits (insert a
     * fragment or character, delete or duplicate a span, truncate), so that inputs stay close to what the parser
     * accepts and reach its deeper paths.
     */
    public static List<String> mutants(int count, List<String> valid, String alphabet, List<String> fragments) {
        Random random = new Random(SEED ^ valid.hashCode());
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder b = new StringBuilder(valid.get(random.nextInt(valid.size())));
            int edits = random.nextInt(4);
            for (int e = 0; e < edits && b.length() > 0; e++) {
                int at = random.nextInt(b.length() + 1);
                switch (random.nextInt(5)) {
                    case 0 -> b.insert(at, fragments.get(random.nextInt(fragments.size())));
                    case 1 -> b.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 2 -> b.delete(at, Math.min(b.length(), at + 1 + random.nextInt(8)));
                    case 3 -> b.insert(at, b.substring(at, Math.min(b.length(), at + random.nextInt(40))));
                    default -> b.setLength(at);
                }
            }
            out.add(b.toString());
        }
        return out;
    }

    /** Runs {@code body} for every input; the first failure is reported with the seed and the input. */
    static void forAll(List<String> inputs, ThrowingConsumer body) {
        for (String input : inputs) {
            long start = System.nanoTime();
            try {
                body.accept(input);
            } catch (Throwable t) {
                fail("seed " + SEED + ", input " + escape(input) + ": " + t, t);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).as("seed " + SEED + ", input " + escape(input)).isLessThan(BOUND);
        }
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().limit(300).forEach(c -> {
            if (c == '"' || c == '\\') {
                b.append('\\').appendCodePoint(c);
            } else if (c >= 0x20 && c < 0x7f) {
                b.appendCodePoint(c);
            } else {
                b.append(String.format("\\u%04x", c & 0xffff));
            }
        });
        return b.append(s.length() > 300 ? "...\"" : "\"").toString();
    }

    @FunctionalInterface
    interface ThrowingConsumer {
        void accept(String input) throws Exception;
    }
}
