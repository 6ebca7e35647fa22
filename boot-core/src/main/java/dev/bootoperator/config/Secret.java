package dev.bootoperator.config;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@code v1 Secret}: its {@code data} (already base64-decoded) merged with its {@code stringData},
 * which wins on equal keys as in Kubernetes.
 */
public record Secret(ObjectKey key, Map<String, byte[]> data) implements BootResource {
    public static final String KIND = "Secret";
    /** The key holding the Ignition config (JSON, or Butane when {@link #FORMAT_KEY} is {@code fcos}). */
    public static final String IGNITION_KEY = "ignition";
    /** The key naming the Ignition format; {@code fcos} means Butane. */
    public static final String FORMAT_KEY = "format";
    /** The key holding a custom iPXE script. */
    public static final String IPXE_SCRIPT_KEY = "ipxe-script";

    public Secret {
        Objects.requireNonNull(key, "key");
        data = Map.copyOf(new TreeMap<>(data));
    }

    public static Secret ofStrings(ObjectKey key, Map<String, String> values) {
        Map<String, byte[]> bytes = new TreeMap<>();
        values.forEach((k, v) -> bytes.put(k, v.getBytes(StandardCharsets.UTF_8)));
        return new Secret(key, bytes);
    }

    /** The value of one key, if present. The array is the secret's own: do not modify it. */
    public Optional<byte[]> value(String dataKey) {
        return Optional.ofNullable(data.get(dataKey));
    }

    /** The value of one key as trimmed UTF-8 text, if present. */
    public Optional<String> text(String dataKey) {
        return value(dataKey).map(b -> new String(b, StandardCharsets.UTF_8).trim());
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Secret other) || !key.equals(other.key) || !data.keySet().equals(other.data.keySet())) {
            return false;
        }
        return data.entrySet().stream().allMatch(e -> java.util.Arrays.equals(e.getValue(), other.data.get(e.getKey())));
    }

    @Override
    public int hashCode() {
        return key.hashCode() * 31 + data.keySet().hashCode();
    }

    @Override
    public String toString() {
        return "Secret[" + key + ", keys=" + data.keySet() + "]";
    }
}
