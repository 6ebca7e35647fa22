package dev.bootoperator.ignition;

import static dev.bootoperator.ignition.BaseVersion.V0_1;
import static dev.bootoperator.ignition.BaseVersion.V0_2;
import static dev.bootoperator.ignition.BaseVersion.V0_3;
import static dev.bootoperator.ignition.BaseVersion.V0_4;
import static dev.bootoperator.ignition.BaseVersion.V0_5;
import static dev.bootoperator.ignition.BaseVersion.V0_6;
import static dev.bootoperator.ignition.BaseVersion.V0_7;
import static dev.bootoperator.ignition.BaseVersion.V0_8_EXP;
import static dev.bootoperator.ignition.Shape.Scalar.BOOL;
import static dev.bootoperator.ignition.Shape.Scalar.INT;
import static dev.bootoperator.ignition.Shape.Scalar.STRING;
import static dev.bootoperator.ignition.Shape.struct;

import dev.bootoperator.ignition.Shape.ListOf;
import dev.bootoperator.ignition.Shape.Struct;
import java.util.EnumMap;
import java.util.Map;

/**
 * The keys of butane's base config ({@code base/v0_N/schema.go}) per version. A key a version lacks is an
 * unknown key there: butane warns about it and drops it.
 */
final class BaseSchema {
    private static final Shape STRINGS = new ListOf(STRING);
    private static final Map<BaseVersion, Struct> ROOTS = new EnumMap<>(BaseVersion.class);

    static {
        for (BaseVersion v : BaseVersion.values()) {
            ROOTS.put(v, build(v));
        }
    }

    private BaseSchema() {
    }

    static Struct root(BaseVersion version) {
        return ROOTS.get(version);
    }

    private static Struct build(BaseVersion v) {
        return struct("Config")
                .butaneOnly("version", STRING)
                .butaneOnly("variant", STRING)
                .field("ignition", ignition(v))
                .fieldIf(v.atLeast(V0_4), "kernel_arguments", struct("KernelArguments")
                        .field("should_exist", STRINGS)
                        .field("should_not_exist", STRINGS).build())
                .field("passwd", passwd(v))
                .field("storage", storage(v))
                .field("systemd", systemd(v))
                .build();
    }

    /** butane's {@code Resource}; base 0.1 has three narrower kinds instead. */
    static Struct resource(BaseVersion v) {
        return struct("Resource")
                .field("compression", STRING)
                .field("http_headers", new ListOf(struct("HTTPHeader")
                        .field("name", STRING)
                        .field("value", STRING).build()))
                .field("source", STRING)
                .butaneOnly("inline", STRING)
                .butaneOnly("local", STRING)
                .field("verification", verification())
                .build();
    }

    private static Struct verification() {
        return struct("Verification").field("hash", STRING).build();
    }

    private static Struct ignition(BaseVersion v) {
        Struct config;
        Struct ca;
        if (v == V0_1) {
            config = struct("ConfigReference").field("source", STRING).field("verification", verification()).build();
            ca = struct("CaReference").field("source", STRING).field("verification", verification()).build();
        } else {
            config = resource(v);
            ca = resource(v);
        }
        return struct("Ignition")
                .field("config", struct("IgnitionConfig")
                        .field("merge", new ListOf(config))
                        .field("replace", config).build())
                .fieldIf(v.atLeast(V0_2), "proxy", struct("Proxy")
                        .field("http_proxy", STRING)
                        .field("https_proxy", STRING)
                        .field("no_proxy", STRINGS).build())
                .field("security", struct("Security")
                        .field("tls", struct("TLS")
                                .field("certificate_authorities", new ListOf(ca)).build()).build())
                .field("timeouts", struct("Timeouts")
                        .field("http_response_headers", INT)
                        .field("http_total", INT).build())
                .build();
    }

    private static Struct passwd(BaseVersion v) {
        return struct("Passwd")
                .field("groups", new ListOf(struct("PasswdGroup")
                        .field("gid", INT)
                        .field("name", STRING)
                        .field("password_hash", STRING)
                        .fieldIf(v.atLeast(V0_3), "should_exist", BOOL)
                        .field("system", BOOL).build()))
                .field("users", new ListOf(struct("PasswdUser")
                        .field("gecos", STRING)
                        .field("groups", STRINGS)
                        .field("home_dir", STRING)
                        .field("name", STRING)
                        .field("no_create_home", BOOL)
                        .field("no_log_init", BOOL)
                        .field("no_user_group", BOOL)
                        .field("password_hash", STRING)
                        .field("primary_group", STRING)
                        .fieldIf(v.atLeast(V0_3), "should_exist", BOOL)
                        .field("ssh_authorized_keys", STRINGS)
                        .butaneOnlyIf(v.atLeast(V0_5), "ssh_authorized_keys_local", STRINGS)
                        .field("shell", STRING)
                        .field("system", BOOL)
                        .field("uid", INT).build()))
                .build();
    }

    private static Struct owner(String name) {
        return struct(name).field("id", INT).field("name", STRING).build();
    }

    private static Struct storage(BaseVersion v) {
        Struct contents = v == V0_1
                ? struct("FileContents")
                        .field("compression", STRING)
                        .field("source", STRING)
                        .butaneOnly("inline", STRING)
                        .field("verification", verification()).build()
                : resource(v);
        Shape.Builder clevis = struct("Clevis")
                .field("custom", struct("ClevisCustom")
                        .field("config", STRING)
                        .field("needs_network", BOOL)
                        .field("pin", STRING).build())
                .field("tang", new ListOf(tang(v)))
                .field("threshold", INT)
                .field("tpm2", BOOL);
        return struct("Storage")
                .field("directories", new ListOf(struct("Directory")
                        .field("group", owner("NodeGroup"))
                        .field("overwrite", BOOL)
                        .field("path", STRING)
                        .field("user", owner("NodeUser"))
                        .field("mode", INT).build()))
                .field("disks", new ListOf(struct("Disk")
                        .field("device", STRING)
                        .field("partitions", new ListOf(struct("Partition")
                                .field("guid", STRING)
                                .field("label", STRING)
                                .field("number", INT)
                                .fieldIf(v.atLeast(V0_3), "resize", BOOL)
                                .field("should_exist", BOOL)
                                .field("size_mib", INT)
                                .field("start_mib", INT)
                                .field("type_guid", STRING)
                                .field("wipe_partition_entry", BOOL).build()))
                        .field("wipe_table", BOOL).build()))
                .field("files", new ListOf(struct("File")
                        .field("group", owner("NodeGroup"))
                        .field("overwrite", BOOL)
                        .field("path", STRING)
                        .field("user", owner("NodeUser"))
                        .field("append", new ListOf(contents))
                        .field("contents", contents)
                        .field("mode", INT).build()))
                .field("filesystems", new ListOf(struct("Filesystem")
                        .field("device", STRING)
                        .field("format", STRING)
                        .field("label", STRING)
                        .fieldIf(v.atLeast(V0_2), "mount_options", STRINGS)
                        .field("options", STRINGS)
                        .field("path", STRING)
                        .field("uuid", STRING)
                        .field("wipe_filesystem", BOOL)
                        .butaneOnlyIf(v.atLeast(V0_2), "with_mount_unit", BOOL).build()))
                .field("links", new ListOf(struct("Link")
                        .field("group", owner("NodeGroup"))
                        .field("overwrite", BOOL)
                        .field("path", STRING)
                        .field("user", owner("NodeUser"))
                        .field("hard", BOOL)
                        .field("target", STRING).build()))
                .fieldIf(v.atLeast(V0_3), "luks", new ListOf(struct("Luks")
                        .fieldIf(v.atLeast(V0_6), "cex", struct("Cex").field("enabled", BOOL).build())
                        .field("clevis", clevis.build())
                        .field("device", STRING)
                        .fieldIf(v.atLeast(V0_5), "discard", BOOL)
                        .field("key_file", contents)
                        .field("label", STRING)
                        .field("name", STRING)
                        .fieldIf(v.atLeast(V0_5), "open_options", STRINGS)
                        .field("options", STRINGS)
                        .field("uuid", STRING)
                        .field("wipe_volume", BOOL).build()))
                .field("raid", new ListOf(struct("Raid")
                        .field("devices", STRINGS)
                        .field("level", STRING)
                        .field("name", STRING)
                        .field("options", STRINGS)
                        .field("spares", INT).build()))
                .butaneOnlyIf(v.atLeast(V0_2), "trees", new ListOf(tree(v)))
                .build();
    }

    static Struct tang(BaseVersion v) {
        return struct("Tang")
                .field("thumbprint", STRING)
                .field("url", STRING)
                .fieldIf(v.atLeast(V0_5), "advertisement", STRING).build();
    }

    private static Struct tree(BaseVersion v) {
        return struct("Tree")
                .fieldIf(v.atLeast(V0_7), "group", owner("NodeGroup"))
                .field("local", STRING)
                .field("path", STRING)
                .fieldIf(v.atLeast(V0_7), "user", owner("NodeUser"))
                .fieldIf(v.atLeast(V0_7), "file_mode", INT)
                .fieldIf(v.atLeast(V0_7), "dir_mode", INT)
                .build();
    }

    private static Struct systemd(BaseVersion v) {
        Struct dropin = struct("Dropin")
                .field("contents", STRING)
                .butaneOnlyIf(v.atLeast(V0_5), "contents_local", STRING)
                .field("name", STRING).build();
        return struct("Systemd")
                .field("units", new ListOf(struct("Unit")
                        .field("contents", STRING)
                        .butaneOnlyIf(v.atLeast(V0_5), "contents_local", STRING)
                        .field("dropins", new ListOf(dropin))
                        .field("enabled", BOOL)
                        .field("mask", BOOL)
                        .field("name", STRING).build()))
                .butaneOnlyIf(v.atLeast(V0_8_EXP), "quadlets", new ListOf(struct("Quadlet")
                        .field("contents", STRING)
                        .field("contents_local", STRING)
                        .field("name", STRING)
                        .field("rootful", BOOL)
                        .field("dropins", new ListOf(dropin)).build()))
                .build();
    }
}
