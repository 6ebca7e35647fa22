package dev.bootoperator.ignition;

import java.math.BigInteger;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How go-yaml v3 (butane's YAML reader) resolves a plain scalar: {@code true}/{@code True}/{@code TRUE} are
 * booleans, {@code ~}/{@code null}/empty are null, integers follow Go's base prefix rules (so {@code 0644} and
 * {@code 0o644} are both octal 420, {@code 0x1A} is hex, underscores are ignored), then floats; anything else
 * is text. Quoted scalars are always text.
 */
final class GoYamlScalars {
    /** Marks a YAML timestamp, which no Butane field accepts except as text. */
    static final Object TIMESTAMP = new Object();

    private static final Set<String> TRUE = Set.of("true", "True", "TRUE");
    private static final Set<String> FALSE = Set.of("false", "False", "FALSE");
    private static final Set<String> NULL = Set.of("", "~", "null", "Null", "NULL");
    /** YAML 1.1 booleans go-yaml still accepts, only when the target is a bool. */
    static final Set<String> LEGACY_TRUE = Set.of("y", "Y", "yes", "Yes", "YES", "on", "On", "ON");
    static final Set<String> LEGACY_FALSE = Set.of("n", "N", "no", "No", "NO", "off", "Off", "OFF");
    private static final Pattern YAML_FLOAT = Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
    private static final Pattern TIMESTAMP_FORM = Pattern.compile(
            "^\\d{4}-\\d{1,2}-\\d{1,2}(([Tt]|[ \\t]+)\\d{1,2}:\\d{2}:\\d{2}(\\.\\d*)?([ \\t]*(Z|[-+]\\d{1,2}(:\\d{2})?))?)?$");
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private GoYamlScalars() {
    }

    /** Null, Boolean, Long, BigInteger (beyond int64), Double, {@link #TIMESTAMP} or the String itself. */
    static Object resolve(String in) {
        if (NULL.contains(in)) {
            return null;
        }
        if (TRUE.contains(in)) {
            return Boolean.TRUE;
        }
        if (FALSE.contains(in)) {
            return Boolean.FALSE;
        }
        switch (in) {
            case ".nan", ".NaN", ".NAN":
                return Double.NaN;
            case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
                return Double.POSITIVE_INFINITY;
            case "-.inf", "-.Inf", "-.INF":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        char first = in.charAt(0);
        if (first == '.') {
            return YAML_FLOAT.matcher(in).matches() ? Double.valueOf(in) : in;
        }
        if (!(first == '+' || first == '-' || (first >= '0' && first <= '9'))) {
            return in;
        }
        if (TIMESTAMP_FORM.matcher(in).matches()) {
            return TIMESTAMP;
        }
        String plain = in.replace("_", "");
        BigInteger integer = goParseInt(plain);
        if (integer != null) {
            if (integer.bitLength() < 64) {
                return integer.longValue();
            }
            if (integer.signum() > 0 && integer.compareTo(UINT64_MAX) <= 0) {
                return integer;
            }
        }
        if (YAML_FLOAT.matcher(plain).matches()) {
            return Double.valueOf(plain);
        }
        return in;
    }

    /** Go's {@code strconv.ParseInt(s, 0, 64)} without the range check: sign, then 0x/0o/0b/0 prefixes. */
    private static BigInteger goParseInt(String s) {
        boolean negative = false;
        if (s.startsWith("+") || s.startsWith("-")) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        int radix = 10;
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("0x")) {
            radix = 16;
            s = s.substring(2);
        } else if (lower.startsWith("0o")) {
            radix = 8;
            s = s.substring(2);
        } else if (lower.startsWith("0b")) {
            radix = 2;
            s = s.substring(2);
        } else if (s.length() > 1 && s.charAt(0) == '0') {
            radix = 8;
            s = s.substring(1);
        }
        if (s.isEmpty()) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), radix) < 0) {
                return null;
            }
        }
        BigInteger value = new BigInteger(s, radix);
        return negative ? value.negate() : value;
    }
}
