package dev.bootoperator.ipxe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An iPXE script template with {@code {{name}}} placeholders. iPXE's own {@code ${var}} expansions pass
 * through untouched. The template is parsed once; rendering is a concatenation of literal parts and values.
 * A placeholder outside the allowed set fails at load time, naming the template and the line.
 *
 * <pre>{@code
 * IpxeTemplate t = IpxeTemplate.parse("boot.ipxe", "kernel {{kernelURL}}\nboot\n", Set.of("kernelURL"));
 * String script = t.render(Map.of("kernelURL", "http://x/kernel"));
 * }</pre>
 */
public final class IpxeTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z][A-Za-z0-9]*)\\s*}}");

    private final String name;
    private final List<String> literals;
    private final List<String> names;

    private IpxeTemplate(String name, List<String> literals, List<String> names) {
        this.name = name;
        this.literals = literals;
        this.names = names;
    }

    /** Parses a template, allowing only the given placeholder names. */
    public static IpxeTemplate parse(String name, String text, Set<String> allowed) {
        List<String> literals = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        int last = 0;
        while (m.find()) {
            String placeholder = m.group(1);
            if (!allowed.contains(placeholder)) {
                int line = 1 + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
                throw new IllegalArgumentException(name + ":" + line + ": unknown placeholder {{" + placeholder
                        + "}}; known: " + new java.util.TreeSet<>(allowed));
            }
            literals.add(text.substring(last, m.start()));
            names.add(placeholder);
            last = m.end();
        }
        literals.add(text.substring(last));
        return new IpxeTemplate(name, List.copyOf(literals), List.copyOf(names));
    }

    /** Loads a template from a file the user supplies. */
    public static IpxeTemplate fromFile(Path file, Set<String> allowed) {
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8), allowed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read iPXE template " + file + ": " + e.getMessage(), e);
        }
    }

    /** Loads a template shipped on the classpath next to this class. */
    static IpxeTemplate fromClasspath(String resource, Set<String> allowed) {
        try (InputStream in = IpxeTemplate.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("iPXE template " + resource + " is missing from the classpath");
            }
            return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8), allowed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Renders the template; a placeholder without a value renders empty. */
    public String render(Map<String, String> values) {
        StringBuilder sb = new StringBuilder(256);
        for (int i = 0; i < names.size(); i++) {
            sb.append(literals.get(i)).append(values.getOrDefault(names.get(i), ""));
        }
        return sb.append(literals.get(names.size())).toString();
    }

    /** Where the template came from. */
    /** Whether the template has the placeholder {@code {{placeholder}}}. */
    public boolean uses(String placeholder) {
        return names.contains(placeholder);
    }

    public String name() {
        return name;
    }
}
