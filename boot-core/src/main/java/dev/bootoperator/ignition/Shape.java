package dev.bootoperator.ignition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The type of one Butane value, as butane's Go structs declare it for one spec version. */
sealed interface Shape {

    /** Text, integer or boolean. */
    enum Scalar implements Shape {
        STRING("string"), INT("int"), BOOL("bool");

        private final String goType;

        Scalar(String goType) {
            this.goType = goType;
        }

        String goType() {
            return goType;
        }
    }

    record ListOf(Shape item) implements Shape {
    }

    /** A mapping of free-form text keys to text values (OpenShift metadata labels). */
    record StringMap() implements Shape {
    }

    /**
     * A mapping with known keys. {@code name} is butane's struct name: the validator and translator single out
     * some ({@code Resource}, {@code File}, {@code Unit}, ...).
     */
    record Struct(String name, Map<String, Field> fields) implements Shape {
        Field field(String yamlKey) {
            return fields.get(yamlKey);
        }

        /** This struct with more fields, as a variant extends butane's base config. */
        Struct with(Field... more) {
            Builder builder = new Builder(name);
            fields.values().forEach(builder::add);
            for (Field f : more) {
                builder.add(f);
            }
            return builder.build();
        }
    }

    /**
     * One key: its YAML name, its Ignition name ({@code null} for Butane-only keys such as {@code inline} and
     * sugar), and its shape.
     */
    record Field(String yamlKey, String jsonKey, Shape shape) {
    }

    static Builder struct(String name) {
        return new Builder(name);
    }

    final class Builder {
        private final String name;
        private final List<Field> fields = new ArrayList<>();

        Builder(String name) {
            this.name = name;
        }

        /** A key that Ignition has too, named by butane's snake_case to camelCase rule. */
        Builder field(String yamlKey, Shape shape) {
            return add(new Field(yamlKey, camel(yamlKey), shape));
        }

        Builder fieldIf(boolean present, String yamlKey, Shape shape) {
            return present ? field(yamlKey, shape) : this;
        }

        /** A Butane-only key, translated by hand or not at all. */
        Builder butaneOnly(String yamlKey, Shape shape) {
            return add(new Field(yamlKey, null, shape));
        }

        Builder butaneOnlyIf(boolean present, String yamlKey, Shape shape) {
            return present ? butaneOnly(yamlKey, shape) : this;
        }

        Builder add(Field field) {
            fields.removeIf(f -> f.yamlKey().equals(field.yamlKey()));
            fields.add(field);
            return this;
        }

        Struct build() {
            Map<String, Field> byKey = new LinkedHashMap<>();
            fields.forEach(f -> byKey.put(f.yamlKey(), f));
            return new Struct(name, java.util.Collections.unmodifiableMap(byKey));
        }
    }

    /** butane's {@code Camel}: {@code size_mib} → {@code sizeMiB}, {@code http_headers} → {@code httpHeaders}. */
    static String camel(String snake) {
        String in = snake.endsWith("_mib") ? snake.substring(0, snake.length() - 4) + "MiB" : snake;
        StringBuilder out = new StringBuilder(in.length());
        boolean upper = false;
        for (char c : in.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    /** butane's {@code Snake}: {@code sizeMiB} → {@code size_mib}, {@code httpHeaders} → {@code http_headers}. */
    static String snake(String camel) {
        return camel.replaceAll("(MiB|[A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
    }
}
