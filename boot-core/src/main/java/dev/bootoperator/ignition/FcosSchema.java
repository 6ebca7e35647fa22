package dev.bootoperator.ignition;

import static dev.bootoperator.ignition.Field.field;
import static dev.bootoperator.ignition.Field.rejected;
import static dev.bootoperator.ignition.Field.renamed;
import static dev.bootoperator.ignition.IgnitionVersion.V3_0;
import static dev.bootoperator.ignition.IgnitionVersion.V3_1;
import static dev.bootoperator.ignition.IgnitionVersion.V3_2;
import static dev.bootoperator.ignition.IgnitionVersion.V3_3;
import static dev.bootoperator.ignition.IgnitionVersion.V3_4;
import static dev.bootoperator.ignition.IgnitionVersion.V3_5;
import static dev.bootoperator.ignition.ScalarSchema.BOOLEAN;
import static dev.bootoperator.ignition.ScalarSchema.INTEGER;
import static dev.bootoperator.ignition.ScalarSchema.STRING;

/**
 * The Butane {@code fcos} 1.0.0–1.6.0 schema as one tree: each key's Ignition name and the Ignition spec
 * (3.0.0–3.5.0) that introduced it. Butane sugar that needs a files-dir or generates configuration (trees,
 * {@code *_local}, {@code boot_device}, {@code grub}, {@code with_mount_unit}) is refused.
 */
final class FcosSchema {
    private static final Schema STRINGS = new ListSchema(STRING);
    private static final ResourceSchema CONFIG = ResourceSchema.of(V3_1, true);
    private static final ResourceSchema FILE_CONTENTS = ResourceSchema.of(V3_0, false);
    private static final Schema OWNER = ObjectSchema.of(field("id", INTEGER), field("name", STRING));

    private static final Schema IGNITION = ObjectSchema.of(
            field("config", ObjectSchema.of(
                    field("merge", new ListSchema(CONFIG)),
                    field("replace", CONFIG))),
            field("timeouts", ObjectSchema.of(
                    renamed("http_response_headers", "httpResponseHeaders", INTEGER),
                    renamed("http_total", "httpTotal", INTEGER))),
            field("security", ObjectSchema.of(
                    field("tls", ObjectSchema.of(
                            renamed("certificate_authorities", "certificateAuthorities", new ListSchema(CONFIG)))))),
            field("proxy", ObjectSchema.of(
                    renamed("http_proxy", "httpProxy", STRING),
                    renamed("https_proxy", "httpsProxy", STRING),
                    renamed("no_proxy", "noProxy", STRINGS))).since(V3_1));

    private static final Schema PARTITION = ObjectSchema.of(
            field("label", STRING),
            field("number", INTEGER),
            renamed("size_mib", "sizeMiB", INTEGER),
            renamed("start_mib", "startMiB", INTEGER),
            renamed("type_guid", "typeGuid", STRING),
            field("guid", STRING),
            renamed("wipe_partition_entry", "wipePartitionEntry", BOOLEAN),
            renamed("should_exist", "shouldExist", BOOLEAN),
            field("resize", BOOLEAN).since(V3_2));

    private static final Schema DISK = ObjectSchema.of(
            field("device", STRING).required(),
            renamed("wipe_table", "wipeTable", BOOLEAN),
            field("partitions", new ListSchema(PARTITION)));

    private static final Schema RAID = ObjectSchema.of(
            field("name", STRING).required(),
            field("level", STRING).required(),
            field("devices", STRINGS).required(),
            field("spares", INTEGER),
            field("options", STRINGS));

    private static final Schema FILESYSTEM = ObjectSchema.of(
            field("device", STRING).required(),
            field("format", STRING).required(),
            field("path", STRING),
            renamed("wipe_filesystem", "wipeFilesystem", BOOLEAN),
            field("label", STRING),
            field("uuid", STRING),
            field("options", STRINGS),
            renamed("mount_options", "mountOptions", STRINGS).since(V3_1),
            rejected("with_mount_unit",
                    "mount unit generation is not supported; add a .mount or .swap unit under systemd.units"));

    private static final Schema FILE = ObjectSchema.of(
            field("path", STRING).required(),
            field("overwrite", BOOLEAN),
            field("contents", FILE_CONTENTS),
            field("append", new ListSchema(FILE_CONTENTS)),
            field("mode", INTEGER),
            field("user", OWNER),
            field("group", OWNER));

    private static final Schema DIRECTORY = ObjectSchema.of(
            field("path", STRING).required(),
            field("overwrite", BOOLEAN),
            field("mode", INTEGER),
            field("user", OWNER),
            field("group", OWNER));

    private static final Schema LINK = ObjectSchema.of(
            field("path", STRING).required(),
            field("overwrite", BOOLEAN),
            field("user", OWNER),
            field("group", OWNER),
            field("target", STRING).required(),
            field("hard", BOOLEAN));

    private static final Schema CLEVIS = ObjectSchema.of(
            field("tang", new ListSchema(ObjectSchema.of(
                    field("url", STRING).required(),
                    field("thumbprint", STRING).required(),
                    field("advertisement", STRING).since(V3_4)))),
            field("tpm2", BOOLEAN),
            field("threshold", INTEGER),
            field("custom", ObjectSchema.of(
                    field("pin", STRING).required(),
                    field("config", STRING).required(),
                    renamed("needs_network", "needsNetwork", BOOLEAN))));

    private static final Schema LUKS = ObjectSchema.of(
            field("name", STRING).required(),
            field("device", STRING).required(),
            renamed("key_file", "keyFile", FILE_CONTENTS),
            field("label", STRING),
            field("uuid", STRING),
            field("options", STRINGS),
            field("discard", BOOLEAN).since(V3_4),
            renamed("open_options", "openOptions", STRINGS).since(V3_4),
            renamed("wipe_volume", "wipeVolume", BOOLEAN),
            field("clevis", CLEVIS),
            field("cex", ObjectSchema.of(field("enabled", BOOLEAN))).since(V3_5));

    private static final Schema STORAGE = ObjectSchema.of(
            field("disks", new ListSchema(DISK)),
            field("raid", new ListSchema(RAID)),
            field("filesystems", new ListSchema(FILESYSTEM)),
            field("files", new ListSchema(FILE)),
            field("directories", new ListSchema(DIRECTORY)),
            field("links", new ListSchema(LINK)),
            field("luks", new ListSchema(LUKS)).since(V3_2),
            rejected("trees", "local directory trees are not supported (no files-dir)"));

    private static final Schema SYSTEMD = ObjectSchema.of(
            field("units", new ListSchema(ObjectSchema.of(
                    field("name", STRING).required(),
                    field("enabled", BOOLEAN),
                    field("mask", BOOLEAN),
                    field("contents", STRING),
                    rejected("contents_local", ResourceSchema.LOCAL_REFUSED),
                    field("dropins", new ListSchema(ObjectSchema.of(
                            field("name", STRING).required(),
                            field("contents", STRING),
                            rejected("contents_local", ResourceSchema.LOCAL_REFUSED))))))));

    private static final Schema PASSWD = ObjectSchema.of(
            field("users", new ListSchema(ObjectSchema.of(
                    field("name", STRING).required(),
                    renamed("password_hash", "passwordHash", STRING),
                    renamed("ssh_authorized_keys", "sshAuthorizedKeys", STRINGS),
                    rejected("ssh_authorized_keys_local", ResourceSchema.LOCAL_REFUSED),
                    field("uid", INTEGER),
                    field("gecos", STRING),
                    renamed("home_dir", "homeDir", STRING),
                    renamed("no_create_home", "noCreateHome", BOOLEAN),
                    renamed("primary_group", "primaryGroup", STRING),
                    field("groups", STRINGS),
                    renamed("no_user_group", "noUserGroup", BOOLEAN),
                    renamed("no_log_init", "noLogInit", BOOLEAN),
                    field("shell", STRING),
                    renamed("should_exist", "shouldExist", BOOLEAN).since(V3_2),
                    field("system", BOOLEAN)))),
            field("groups", new ListSchema(ObjectSchema.of(
                    field("name", STRING).required(),
                    field("gid", INTEGER),
                    renamed("password_hash", "passwordHash", STRING),
                    renamed("should_exist", "shouldExist", BOOLEAN).since(V3_2),
                    field("system", BOOLEAN)))));

    private static final Schema KERNEL_ARGUMENTS = ObjectSchema.of(
            renamed("should_exist", "shouldExist", STRINGS),
            renamed("should_not_exist", "shouldNotExist", STRINGS));

    /** The whole document; {@code variant} and {@code version} are checked and stripped by the translator. */
    static final ObjectSchema ROOT = ObjectSchema.of(
            field("variant", STRING),
            field("version", STRING),
            field("ignition", IGNITION),
            renamed("kernel_arguments", "kernelArguments", KERNEL_ARGUMENTS).since(V3_3),
            field("passwd", PASSWD),
            field("storage", STORAGE),
            field("systemd", SYSTEMD),
            rejected("boot_device", "boot device sugar (root LUKS, mirroring) is not supported; "
                    + "describe storage.disks, raid, luks and filesystems explicitly"),
            rejected("grub", "GRUB sugar is not supported"));

    private FcosSchema() {
    }
}
