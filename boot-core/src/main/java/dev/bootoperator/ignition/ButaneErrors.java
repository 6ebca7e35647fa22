package dev.bootoperator.ignition;

/** butane's error and warning texts ({@code config/common/errors.go}), so reports read as butane's do. */
final class ButaneErrors {
    static final String NO_FILES_DIR = "local file paths are relative to a files directory that must be specified "
            + "with -d/--files-dir (none is configured here, as upstream passes none)";
    static final String TOO_MANY_RESOURCE_SOURCES = "only one of the following can be set: inline, local, source";
    static final String TOO_MANY_SYSTEMD_SOURCES = "only one of the following can be set: contents, contents_local";
    static final String TREE_NO_LOCAL = "local is required";
    static final String DECIMAL_MODE = "unreasonable mode would be reasonable if specified in octal; "
            + "remember to add a leading zero";
    static final String QUADLET_BAD_EXTENSION = "unsupported file extension for quadlet: must be one of .container, "
            + ".volume, .network, .kube, .image, .build, .pod, or .artifact";
    static final String TEMPLATE_INSTANCE_CONTENTS = "template instances cannot have contents or contents_local";
    static final String NODE_EXISTS = "matching filesystem node has existing contents or different type";
    static final String MOUNT_UNIT_NO_PATH = "path is required if with_mount_unit is true and format is not swap";
    static final String MOUNT_UNIT_NO_FORMAT = "format is required if with_mount_unit is true";
    static final String MOUNT_POINT_FORBIDDEN = "path must be under /etc or /var if with_mount_unit is true";
    static final String UNKNOWN_LAYOUT = "layout must be one of: aarch64, ppc64le, s390x-eckd, s390x-virt, s390x-zfcp, x86_64";
    static final String UNKNOWN_LAYOUT_LEGACY = "layout must be one of: aarch64, ppc64le, x86_64";
    static final String TOO_FEW_MIRROR_DEVICES = "mirroring requires at least two devices";
    static final String MIRROR_REQUIRES_LAYOUT = "boot_device.layout should be specified when boot_device.mirror is specified";
    static final String NO_LUKS_BOOT_DEVICE = "device is required for layouts: s390x-eckd, s390x-zfcp";
    static final String MIRROR_NOT_SUPPORTED = "mirroring not supported on layouts: s390x-eckd, s390x-zfcp, s390x-virt";
    static final String LUKS_BOOT_DEVICE_BAD_NAME = "device name must start with /dev/dasd on s390x-eckd layout or /dev/sd on s390x-zfcp layout";
    static final String CEX_ARCHITECTURE_MISMATCH = "when using cex the targeted architecture must match s390x";
    static final String CEX_NOT_SUPPORTED = "cex is not currently supported on the target platform";
    static final String NO_LUKS_METHOD = "no method specified for luks";
    static final String CEX_WITH_CLEVIS = "cannot use cex with clevis";
    static final String REUSE_BY_LABEL = "partitions cannot be reused by label; number must be specified except on boot "
            + "disk (/dev/disk/by-id/coreos-boot-disk) or when wipe_table is true";
    static final String WRONG_PARTITION_NUMBER = "incorrect partition number; a new partition will be created using reserved label";
    static final String ROOT_TOO_SMALL = "root should have 8GiB of space assigned";
    static final String ROOT_CONSTRAINED = "root partition cannot expand; it is set to fill available space but is "
            + "followed by an auto-positioned partition";
    static final String FIELD_ELIDED = "field ignored in raw mode";
    static final String NAME_REQUIRED = "metadata.name is required";
    static final String ROLE_REQUIRED = "machineconfiguration.openshift.io/role label is required";
    static final String INVALID_KERNEL_TYPE = "must be empty, \"default\", or \"realtime\"";
    static final String BTRFS = "btrfs is not supported in this spec version";
    static final String FILESYSTEM_NONE = "format \"none\" is not supported in this spec version";
    static final String FILE_SCHEME = "file contents source must be data URL in this spec version";
    static final String FILE_SPECIAL_MODE = "special mode bits are not supported in this spec version";
    static final String USER_NAME = "users other than \"core\" are not supported in this spec version";
    static final String MISSING_KARG_CEX = "'rd.luks.key=/etc/luks/cex.key' must be set as kernel argument when CEX is "
            + "enabled for the boot device";
    static final String CLEVIS_SUPPORT = "clevis is not supported in this spec version";
    static final String DISK_SUPPORT = "disk customization is not supported in this spec version";
    static final String FILESYSTEM_SUPPORT = "filesystem customization is not supported in this spec version";
    static final String LUKS_SUPPORT = "luks is not supported in this spec version";
    static final String RAID_SUPPORT = "raid is not supported in this spec version";
    static final String KARG_SUPPORT = "kernel argument customization is not supported in this spec version";
    static final String GRUB_USER_NAME = "field \"name\" is required";
    static final String GRUB_PASSWORD = "field \"password_hash\" is required";
    static final String DUPLICATE = "duplicate entry defined";
    static final String UNKNOWN_IGNITION_VERSION = "skipping validation for the merge/replace ignition config due to "
            + "an unkown version";

    private ButaneErrors() {
    }
}
