package dev.bootoperator.operator.bootctl;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Names one namespaced object the way the tool reports it: {@code IPXEBootConfig default/machine-1}. */
public record ObjectRef(String kind, String namespace, String name) {

    static ObjectRef of(HasMetadata object) {
        return new ObjectRef(object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName());
    }

    @Override
    public String toString() {
        return kind + " " + namespace + "/" + name;
    }
}
