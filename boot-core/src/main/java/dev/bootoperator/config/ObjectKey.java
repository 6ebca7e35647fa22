package dev.bootoperator.config;

import java.util.Objects;

/**
 * The namespace and name of a Kubernetes-style object, as in {@code metadata.namespace}/{@code metadata.name}.
 * A manifest without a namespace lives in {@value #DEFAULT_NAMESPACE}.
 */
public record ObjectKey(String namespace, String name) implements Comparable<ObjectKey> {
    public static final String DEFAULT_NAMESPACE = "default";

    public ObjectKey {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    public static ObjectKey of(String namespace, String name) {
        return new ObjectKey(namespace == null || namespace.isBlank() ? DEFAULT_NAMESPACE : namespace, name);
    }

    /** A sibling object in the same namespace: how a secret reference resolves. */
    public ObjectKey sibling(String otherName) {
        return new ObjectKey(namespace, otherName);
    }

    @Override
    public int compareTo(ObjectKey o) {
        int c = namespace.compareTo(o.namespace);
        return c != 0 ? c : name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
