package dev.bootoperator.operator;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import java.util.Objects;

/** A reference to a Secret in the same namespace (upstream: {@code corev1.LocalObjectReference}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretRef extends UnknownFields {
    @Default("\"\"")
    private String name;

    public SecretRef() {}

    public SecretRef(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretRef other && Objects.equals(name, other.name);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(name);
    }

    @Override
    public String toString() {
        return "SecretRef[" + name + "]";
    }
}
