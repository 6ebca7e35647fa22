package dev.bootoperator.oci;

import java.net.URI;

/** Where one image's registry API is: {@code <scheme>://<api host>/v2/}, and how to name it in messages. */
record RegistryTarget(ImageReference image, URI base) {

    static RegistryTarget of(ImageReference image, RegistryPolicy policy) {
        return new RegistryTarget(image, URI.create(policy.scheme(image.registry()) + "://" + image.apiHost() + "/v2/"));
    }

    String registry() {
        return image.registry();
    }

    String repository() {
        return image.repository();
    }

    /** {@code path} below {@code /v2/}, e.g. {@code boot/os/manifests/sha256:…}; all its characters are URI-safe. */
    URI uri(String path) {
        return URI.create(base + path);
    }
}
