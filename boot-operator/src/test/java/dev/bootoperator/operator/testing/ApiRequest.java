package dev.bootoperator.operator.testing;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One request to the Kubernetes API in RBAC's terms, as the API server's authorizer sees it: a verb on a resource
 * (group, resource, subresource) in a namespace or at cluster scope, or a verb on a non-resource URL.
 *
 * <pre>{@code
 * ApiRequest.of("GET", "/apis/boot.ironcore.dev/v1alpha1/ipxebootconfigs?watch=true")
 *     // -> watch boot.ironcore.dev ipxebootconfigs, cluster scope
 * ApiRequest.of("PATCH", "/apis/metal.ironcore.dev/v1alpha1/namespaces/ns/serverbootconfigurations/a/status")
 *     // -> patch metal.ironcore.dev serverbootconfigurations/status in ns, name a
 * }</pre>
 *
 * @param verb        get, list, watch, create, update, patch, delete or deletecollection (HTTP's verb, lower case,
 *                    for a non-resource URL)
 * @param group       the API group; empty for the core group
 * @param resource    the plural resource, with {@code /subresource} when there is one; empty for a non-resource URL
 * @param namespace   the namespace; empty at cluster scope
 * @param name        the object's name, when the request names one
 * @param nonResourceUrl the path of a non-resource request ({@code /version}, {@code /apis}); empty otherwise
 */
public record ApiRequest(String verb, String group, String resource, Optional<String> namespace, Optional<String> name,
                         Optional<String> nonResourceUrl) {

    /** Classifies {@code method} on {@code pathAndQuery} as Kubernetes' request-info resolver does. */
    public static ApiRequest of(String method, String pathAndQuery) {
        URI uri = URI.create(pathAndQuery);
        String path = uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        List<String> parts = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
        int resourceStart;
        String group;
        if (parts.size() >= 2 && parts.get(0).equals("api")) {
            group = "";
            resourceStart = 2;
        } else if (parts.size() >= 3 && parts.get(0).equals("apis")) {
            group = parts.get(1);
            resourceStart = 3;
        } else {
            return nonResource(method, path);
        }
        List<String> rest = parts.subList(resourceStart, parts.size());
        if (rest.isEmpty()) {
            return nonResource(method, path); // discovery: /api/v1, /apis/<group>/<version>
        }
        Optional<String> namespace = Optional.empty();
        // namespaces/<name>/status and /finalize are the Namespace's own subresources, not a namespaced resource.
        if (rest.get(0).equals("namespaces") && rest.size() >= 3 && !List.of("status", "finalize").contains(rest.get(2))) {
            namespace = Optional.of(rest.get(1));
            rest = rest.subList(2, rest.size());
        }
        String resource = rest.get(0);
        Optional<String> name = rest.size() >= 2 ? Optional.of(rest.get(1)) : Optional.empty();
        if (rest.size() >= 3) {
            resource = resource + "/" + rest.get(2);
        }
        boolean watch = Arrays.stream(query.split("&")).anyMatch(p -> p.equals("watch=true") || p.equals("watch=1"));
        String verb = switch (method.toUpperCase()) {
            case "GET", "HEAD" -> watch ? "watch" : name.isPresent() ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name.isPresent() ? "delete" : "deletecollection";
            default -> throw new IllegalArgumentException("no Kubernetes verb for HTTP " + method + " " + pathAndQuery);
        };
        return new ApiRequest(verb, group, resource, namespace, name, Optional.empty());
    }

    private static ApiRequest nonResource(String method, String path) {
        return new ApiRequest(method.toLowerCase(), "", "", Optional.empty(), Optional.empty(), Optional.of(path));
    }

    /** {@code verb group/resource [in namespace]}, the way RBAC errors name a request. */
    @Override
    public String toString() {
        if (nonResourceUrl.isPresent()) {
            return verb + " " + nonResourceUrl.get();
        }
        return verb + " " + (group.isEmpty() ? "" : group + "/") + resource
                + namespace.map(ns -> " in namespace " + ns).orElse(" (cluster scope)");
    }
}
