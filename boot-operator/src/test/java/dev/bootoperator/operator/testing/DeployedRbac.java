package dev.bootoperator.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The permissions {@code deploy/} gives the operator's service account, checked as the API server's RBAC authorizer
 * would: the ClusterRole ({@code cluster-role.yaml}, bound cluster-wide) for any request, the leader-election Role
 * ({@code leader-election-role.yaml}, bound in the operator's namespace) for namespaced requests only, and the
 * permissions Kubernetes' bootstrap policy gives every authenticated user.
 */
public final class DeployedRbac {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * What every authenticated user may do without a rule of ours: {@code system:basic-user} (self subject access and
     * rules reviews, which JOSDK's leader election asks before taking the Lease) and {@code system:discovery} /
     * {@code system:public-info-viewer} (API discovery, version and health URLs).
     */
    static final List<Rule> BOOTSTRAP_POLICY = List.of(
            new Rule(Set.of("create"), Set.of("authorization.k8s.io"),
                    Set.of("selfsubjectaccessreviews", "selfsubjectrulesreviews"), Set.of(), Set.of(), true),
            new Rule(Set.of("get"), Set.of(), Set.of(), Set.of(),
                    Set.of("/api", "/api/*", "/apis", "/apis/*", "/version", "/version/", "/healthz", "/livez",
                            "/readyz", "/openapi", "/openapi/*"), true));

    private final List<Rule> clusterRules;
    private final List<Rule> namespaceRules;

    private DeployedRbac(List<Rule> clusterRules, List<Rule> namespaceRules) {
        this.clusterRules = List.copyOf(clusterRules);
        this.namespaceRules = List.copyOf(namespaceRules);
    }

    /** Reads {@code deploy/cluster-role.yaml} and {@code deploy/leader-election-role.yaml} (module-relative). */
    public static DeployedRbac fromDeploy() {
        return of(Path.of("deploy/cluster-role.yaml"), Path.of("deploy/leader-election-role.yaml"));
    }

    /** The rules of a ClusterRole file (cluster-wide) and a Role file (its namespace only). */
    public static DeployedRbac of(Path clusterRole, Path namespaceRole) {
        return new DeployedRbac(rules(clusterRole, "ClusterRole"), rules(namespaceRole, "Role"));
    }

    /** The same permissions less {@code verb} on {@code group/resource}, wherever granted; for tests of the check. */
    public DeployedRbac without(String verb, String group, String resource) {
        return new DeployedRbac(clusterRules.stream().flatMap(r -> r.without(verb, group, resource).stream()).toList(),
                namespaceRules.stream().flatMap(r -> r.without(verb, group, resource).stream()).toList());
    }

    /**
     * What a SelfSubjectRulesReview in the operator's namespace answers the operator: the resource rules of the
     * ClusterRole, the Role and the bootstrap policy. JOSDK asks it before it takes the Lease.
     */
    public List<ResourceRule> resourceRulesInOwnNamespace() {
        List<ResourceRule> rules = new ArrayList<>();
        for (Rule rule : concat(concat(BOOTSTRAP_POLICY, clusterRules), namespaceRules)) {
            if (!rule.resources().isEmpty()) {
                rules.add(new ResourceRuleBuilder().withVerbs(List.copyOf(rule.verbs()))
                        .withApiGroups(List.copyOf(rule.apiGroups())).withResources(List.copyOf(rule.resources()))
                        .withResourceNames(List.copyOf(rule.resourceNames())).build());
            }
        }
        return rules;
    }

    /** Whether the operator's service account may make {@code request}. */
    public boolean allows(ApiRequest request) {
        return BOOTSTRAP_POLICY.stream().anyMatch(r -> r.matches(request))
                || clusterRules.stream().anyMatch(r -> r.matches(request))
                || (request.namespace().isPresent() && namespaceRules.stream().anyMatch(r -> r.matches(request)));
    }

    /** The distinct requests of {@code requests} that deploy/ does not allow, as RBAC would name them. */
    public Set<String> denied(Collection<ApiRequest> requests) {
        Set<String> denied = new TreeSet<>();
        requests.stream().filter(r -> !allows(r)).forEach(r -> denied.add(r.toString()));
        return denied;
    }

    /**
     * Each permission deploy/ grants, as {@code verb group/resource} (one per verb, group and resource of every
     * rule), that none of {@code requests} used.
     */
    public Set<String> unused(Collection<ApiRequest> requests) {
        Set<String> unused = new TreeSet<>();
        for (Rule rule : concat(clusterRules, namespaceRules)) {
            for (String verb : rule.verbs()) {
                for (String group : rule.apiGroups()) {
                    for (String resource : rule.resources()) {
                        Rule one = new Rule(Set.of(verb), Set.of(group), Set.of(resource), rule.resourceNames(),
                                Set.of(), rule.clusterWide());
                        if (requests.stream().noneMatch(one::matches)) {
                            unused.add(verb + " " + (group.isEmpty() ? "" : group + "/") + resource);
                        }
                    }
                }
            }
        }
        return unused;
    }

    private static List<Rule> concat(List<Rule> a, List<Rule> b) {
        List<Rule> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static List<Rule> rules(Path file, String kind) {
        JsonNode doc;
        try {
            doc = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
        if (!kind.equals(doc.path("kind").asText())) {
            throw new IllegalArgumentException(file + ": expected kind " + kind + ", found " + doc.path("kind").asText());
        }
        List<Rule> rules = new ArrayList<>();
        for (JsonNode rule : doc.path("rules")) {
            rules.add(new Rule(texts(rule.path("verbs")), texts(rule.path("apiGroups")), texts(rule.path("resources")),
                    texts(rule.path("resourceNames")), texts(rule.path("nonResourceURLs")), kind.equals("ClusterRole")));
        }
        return rules;
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> texts = new TreeSet<>();
        array.forEach(t -> texts.add(t.asText()));
        return texts;
    }

    /** One RBAC PolicyRule, with Kubernetes' matching: {@code *} for any, {@code resource/subresource} names. */
    record Rule(Set<String> verbs, Set<String> apiGroups, Set<String> resources, Set<String> resourceNames,
                Set<String> nonResourceUrls, boolean clusterWide) {

        boolean matches(ApiRequest request) {
            if (!(verbs.contains("*") || verbs.contains(request.verb()))) {
                return false;
            }
            Optional<String> url = request.nonResourceUrl();
            if (url.isPresent()) {
                // Only a ClusterRole can grant a non-resource URL; "/prefix/*" covers everything below it.
                return clusterWide && nonResourceUrls.stream().anyMatch(u -> u.equals("*") || u.equals(url.get())
                        || (u.endsWith("*") && url.get().startsWith(u.substring(0, u.length() - 1))));
            }
            String resource = request.resource();
            String subresource = resource.contains("/") ? resource.substring(resource.indexOf('/')) : "";
            return (apiGroups.contains("*") || apiGroups.contains(request.group()))
                    && (resources.contains("*") || resources.contains(resource)
                        || (!subresource.isEmpty() && resources.contains("*" + subresource)))
                    && (resourceNames.isEmpty() || request.name().map(resourceNames::contains).orElse(false));
        }

        /** This rule, split so that {@code verb} on {@code group/resource} is no longer granted and nothing else changes. */
        List<Rule> without(String verb, String group, String resource) {
            if (!(apiGroups.contains(group) && resources.contains(resource) && verbs.contains(verb))) {
                return List.of(this);
            }
            List<Rule> split = new ArrayList<>();
            Set<String> otherGroups = new TreeSet<>(apiGroups);
            otherGroups.remove(group);
            Set<String> otherResources = new TreeSet<>(resources);
            otherResources.remove(resource);
            Set<String> otherVerbs = new TreeSet<>(verbs);
            otherVerbs.remove(verb);
            split.add(new Rule(verbs, otherGroups, resources, resourceNames, nonResourceUrls, clusterWide));
            split.add(new Rule(verbs, Set.of(group), otherResources, resourceNames, nonResourceUrls, clusterWide));
            split.add(new Rule(otherVerbs, Set.of(group), Set.of(resource), resourceNames, nonResourceUrls, clusterWide));
            return split;
        }
    }
}
