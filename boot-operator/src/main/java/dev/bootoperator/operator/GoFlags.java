package dev.bootoperator.operator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Rewrites a command line in Go's {@code flag} spellings into the form picocli parses, so that the arguments of a
 * Go operator's Deployment work unchanged.
 *
 * <p>Go accepts {@code -flag}, {@code --flag}, {@code -flag=value}, {@code --flag=value} and {@code -flag value}; a
 * boolean flag never takes a separate value ({@code -leader-elect} is true, {@code -leader-elect=false} false) and
 * its value may be any of {@code strconv.ParseBool}'s ({@code 1}, {@code t}, {@code TRUE}, …). Picocli wants a
 * double dash for long names and would read the word after a boolean as its value. So, for every flag it knows:
 * <pre>
 * -metrics-bind-address=:8443     → --metrics-bind-address=:8443
 * -zap-log-level debug            → --zap-log-level=debug      (the next word is the value, even "-x")
 * --leader-elect                  → --leader-elect=true
 * -metrics-secure=F               → --metrics-secure=false
 * </pre>
 * Anything else (unknown names, {@code -h}, words after {@code --}) passes through untouched, so picocli reports
 * it as before.
 *
 * @param flags every long flag name without dashes, mapped to how it takes a value
 */
record GoFlags(Map<String, Kind> flags) {
    /** How a flag takes its value. */
    enum Kind {
        /** takes no value at all, like {@code --help} */
        SWITCH,
        /** a Go bool flag: true alone, or {@code =value} */
        BOOL,
        /** takes a value, after {@code =} or as the next word */
        VALUE
    }

    private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
    private static final Set<String> FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");

    GoFlags {
        flags = Map.copyOf(flags);
    }

    /** The arguments as picocli should see them. */
    List<String> normalize(List<String> args) {
        Objects.requireNonNull(args, "args");
        List<String> out = new ArrayList<>(args.size());
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                out.addAll(args.subList(i, args.size()));
                break;
            }
            String body = arg.startsWith("--") ? arg.substring(2) : arg.startsWith("-") ? arg.substring(1) : null;
            if (body == null || body.isEmpty() || body.startsWith("-")) {
                out.add(arg);
                continue;
            }
            int eq = body.indexOf('=');
            String name = eq < 0 ? body : body.substring(0, eq);
            Kind kind = flags.get(name);
            if (kind == null || kind == Kind.SWITCH && eq >= 0) {
                out.add(arg);
            } else if (kind == Kind.SWITCH) {
                out.add("--" + name);
            } else if (kind == Kind.BOOL) {
                out.add("--" + name + "=" + (eq < 0 ? "true" : goBool(body.substring(eq + 1))));
            } else if (eq >= 0) {
                out.add("--" + body);
            } else if (i + 1 < args.size()) {
                out.add("--" + name + "=" + args.get(++i));
            } else {
                out.add("--" + name); // picocli reports the missing value, naming the flag
            }
        }
        return out;
    }

    /** Go's spellings of true and false as picocli's; anything else is left for picocli to reject. */
    private static String goBool(String value) {
        if (TRUE.contains(value)) {
            return "true";
        }
        if (FALSE.contains(value)) {
            return "false";
        }
        return value;
    }
}
