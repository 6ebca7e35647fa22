package dev.bootoperator.operator.metal;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bootoperator.operator.UnknownFields;
import java.util.Objects;

/** A reference to a namespaced object by namespace and name (upstream: {@code corev1.ObjectReference}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ObjectReference extends UnknownFields {
    private String namespace;
    private String name;

    public ObjectReference() {}

    public ObjectReference(String namespace, String name) {
        this.namespace = namespace;
        this.name = name;
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    /** Whether this reference names the object {@code namespace/name}. */
    public boolean refersTo(String namespace, String name) {
        return Objects.equals(this.namespace, namespace) && Objects.equals(this.name, name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectReference other && Objects.equals(namespace, other.namespace)
                && Objects.equals(name, other.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(namespace, name);
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
