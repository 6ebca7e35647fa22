package dev.bootoperator.ignition.validate;

import static dev.bootoperator.ignition.validate.Shape.bool;
import static dev.bootoperator.ignition.validate.Shape.integer;
import static dev.bootoperator.ignition.validate.Shape.structs;
import static dev.bootoperator.ignition.validate.Shape.text;
import static dev.bootoperator.ignition.validate.Shape.texts;
import static dev.bootoperator.ignition.validate.SpecVersion.V3_1;
import static dev.bootoperator.ignition.validate.SpecVersion.V3_2;
import static dev.bootoperator.ignition.validate.SpecVersion.V3_3;
import static dev.bootoperator.ignition.validate.SpecVersion.V3_4;
import static dev.bootoperator.ignition.validate.SpecVersion.V3_5;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON shape of each config spec: Ignition's generated {@code config/v3_*}{@code /types/schema.go}, one
 * struct per JSON object, with the fields each spec version has. Unknown keys are only warned about by Ignition;
 * a value of the wrong JSON type is a parse error.
 */
final class ConfigSchema {
    private static final Map<SpecVersion, Shape.Struct> CACHE = new ConcurrentHashMap<>();

    private ConfigSchema() {}

    static Shape.Struct forVersion(SpecVersion v) {
        return CACHE.computeIfAbsent(v, ConfigSchema::build);
    }

    private static Shape.Struct build(SpecVersion v) {
        Shape verification = struct().field("hash", text()).build();
        Shape resource = v.atLeast(V3_1)
                ? struct().field("compression", text()).field("httpHeaders", structs(struct()
                                .field("name", text()).field("value", text()).build(), "name"))
                        .field("source", text()).field("verification", verification).build()
                : null;
        // 3.0 has three resource types; 3.1 merged them into Resource.
        Shape configReference = v.atLeast(V3_1) ? resource
                : struct().field("source", text()).field("verification", verification).build();
        Shape caReference = configReference;
        Shape fileContents = v.atLeast(V3_1) ? resource
                : struct().field("compression", text()).field("source", text())
                        .field("verification", verification).build();

        Shape.Struct ignition = struct()
                .field("config", struct()
                        .field("merge", structs(configReference, "source"))
                        .field("replace", configReference).build())
                .fieldFrom(V3_1, v, "proxy", struct()
                        .field("httpProxy", text()).field("httpsProxy", text()).field("noProxy", texts()).build())
                .field("security", struct().field("tls", struct()
                        .field("certificateAuthorities", structs(caReference, "source")).build()).build())
                .field("timeouts", struct()
                        .field("httpResponseHeaders", integer()).field("httpTotal", integer()).build())
                .field("version", text())
                .build();

        Shape owner = struct().field("id", integer()).field("name", text()).build();
        Builder node = struct().field("group", owner).field("overwrite", bool()).field("path", text())
                .field("user", owner);
        Shape directory = node.copy().field("mode", integer()).build();
        Shape file = node.copy().field("append", new Shape.Slice(fileContents, n -> Json.string(n, "source")))
                .field("contents", fileContents).field("mode", integer()).dupExempt("append").build();
        Shape link = node.copy().field("hard", bool()).field("target", text()).build();

        Shape partition = struct().field("guid", text()).field("label", text()).field("number", integer())
                .fieldFrom(V3_2, v, "resize", bool()).field("shouldExist", bool()).field("sizeMiB", integer())
                .field("startMiB", integer()).field("typeGuid", text()).field("wipePartitionEntry", bool()).build();
        Shape disk = struct().field("device", text())
                .field("partitions", new Shape.Slice(partition, ConfigSchema::partitionKey))
                .field("wipeTable", bool()).build();
        Shape filesystem = struct().field("device", text()).field("format", text()).field("label", text())
                .fieldFrom(V3_1, v, "mountOptions", texts()).field("options", texts()).field("path", text())
                .field("uuid", text()).field("wipeFilesystem", bool()).dupExempt("options", "mountOptions").build();
        Shape raid = struct().field("devices", texts()).field("level", text()).field("name", text())
                .field("options", texts()).field("spares", integer()).dupExempt("options").build();

        Builder storage = struct().field("directories", structs(directory, "path")).field("disks", structs(disk, "device"))
                .field("files", structs(file, "path")).field("filesystems", structs(filesystem, "device"))
                .field("links", structs(link, "path"));
        if (v.atLeast(V3_2)) {
            storage.field("luks", structs(luks(v, resource), "name"));
        }
        storage.field("raid", structs(raid, "name")).group("Node", "directories", "files", "links");

        Shape.Struct group = struct().field("gid", integer()).field("name", text()).field("passwordHash", text())
                .fieldFrom(V3_2, v, "shouldExist", bool()).field("system", bool()).build();
        Shape.Struct user = struct().field("gecos", text()).field("groups", texts()).field("homeDir", text())
                .field("name", text()).field("noCreateHome", bool()).field("noLogInit", bool())
                .field("noUserGroup", bool()).field("passwordHash", text()).field("primaryGroup", text())
                .field("sshAuthorizedKeys", texts()).field("shell", text())
                .fieldFrom(V3_2, v, "shouldExist", bool()).field("system", bool()).field("uid", integer())
                .build();

        Shape unit = struct().field("contents", text())
                .field("dropins", structs(struct().field("contents", text()).field("name", text()).build(), "name"))
                .field("enabled", bool()).field("mask", bool()).field("name", text()).build();

        Builder config = struct().field("ignition", ignition);
        if (v.atLeast(V3_3)) {
            config.field("kernelArguments", struct().field("shouldExist", texts()).field("shouldNotExist", texts())
                    .group("KernelArgument", "shouldExist", "shouldNotExist").build());
        }
        return config
                .field("passwd", struct().field("groups", structs(group, "name")).field("users", structs(user, "name"))
                        .build())
                .field("storage", storage.build())
                .field("systemd", struct().field("units", structs(unit, "name")).build())
                .build();
    }

    private static Shape luks(SpecVersion v, Shape resource) {
        Shape tang = struct().fieldFrom(V3_4, v, "advertisement", text()).field("thumbprint", text())
                .field("url", text()).build();
        Shape clevis = struct()
                .field("custom", struct().field("config", text()).field("needsNetwork", bool()).field("pin", text())
                        .build())
                .field("tang", structs(tang, "url")).field("threshold", integer()).field("tpm2", bool()).build();
        return struct()
                .fieldFrom(V3_5, v, "cex", struct().field("enabled", bool()).build())
                .field("clevis", clevis).field("device", text())
                .fieldFrom(V3_4, v, "discard", bool())
                .field("keyFile", resource).field("label", text()).field("name", text())
                .fieldFrom(V3_4, v, "openOptions", texts())
                .field("options", texts()).field("uuid", text()).field("wipeVolume", bool())
                .dupExempt("options").build();
    }

    /** Go's {@code Partition.Key()}: the number if set, else the label, else nothing. */
    private static String partitionKey(JsonNode p) {
        long number = Json.integer(p, "number").orElse(0L);
        if (number != 0) {
            return "number:" + number;
        }
        return Json.text(p, "label").map(l -> "label:" + l).orElse("");
    }

    private static Builder struct() {
        return new Builder();
    }

    private static final class Builder {
        private final Map<String, Shape> fields = new LinkedHashMap<>();
        private Set<String> dupExempt = Set.of();
        private final Map<String, String> groups = new LinkedHashMap<>();

        Builder field(String name, Shape shape) {
            fields.put(name, shape);
            return this;
        }

        /** A field that the spec has from {@code since} on. */
        Builder fieldFrom(SpecVersion since, SpecVersion v, String name, Shape shape) {
            return v.atLeast(since) ? field(name, shape) : this;
        }

        Builder dupExempt(String... names) {
            dupExempt = Set.of(names);
            return this;
        }

        Builder group(String group, String... names) {
            for (String n : names) {
                groups.put(n, group);
            }
            return this;
        }

        Builder copy() {
            Builder b = new Builder();
            b.fields.putAll(fields);
            b.dupExempt = dupExempt;
            b.groups.putAll(groups);
            return b;
        }

        Shape.Struct build() {
            return new Shape.Struct(Collections.unmodifiableMap(new LinkedHashMap<>(fields)), dupExempt,
                    Map.copyOf(groups));
        }
    }
}
