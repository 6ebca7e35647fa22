package dev.bootoperator.ignition.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Configs with the verdict Ignition 2.26's validation gives them, one invalid and one valid config per rule, and
 * the spec versions where a rule changes. Written from Ignition's {@code config/v3_*}{@code /types} sources as
 * vendored in butane v0.28.0. {@link IgnitionValidatorTest} checks our exact issue; {@link IgnitionValidateParityTest}
 * checks the verdict for specs 3.0–3.3 against Debian's {@code ignition-validate}.
 */
final class ValidationCases {
    /**
     * One config and its expected outcome.
     *
     * @param json the config, with single quotes standing for double quotes
     * @param error {@code dotted.path: message} of the error expected, or empty if the config is valid
     * @param differsFromIgnition214 why Debian's Ignition 2.14 gives another verdict, if it does
     */
    record Case(String name, String version, String json, Optional<String> error, Optional<String> differsFromIgnition214) {
        String config() {
            String body = json.replace('\'', '"');
            if (body.toLowerCase(java.util.Locale.ROOT).startsWith("\"ignition\"")) {
                return "{" + body + "}";
            }
            return "{\"ignition\":{\"version\":\"" + version + "\"}" + (body.isEmpty() ? "" : "," + body) + "}";
        }

        Case olderIgnitionSaysOk(String why) {
            return new Case(name, version, json, error, Optional.of(why));
        }

        @Override
        public String toString() {
            return version + " " + name;
        }
    }

    private static final String SHA512 = "sha512-" + "a".repeat(128);
    private static final String SHA256 = "sha256-" + "b".repeat(64);
    static final List<String> ALL = List.of("3.0.0", "3.1.0", "3.2.0", "3.3.0", "3.4.0", "3.5.0", "3.6.0",
            "3.7.0-experimental");

    private final List<Case> cases = new ArrayList<>();

    static List<Case> all() {
        ValidationCases c = new ValidationCases();
        c.paths();
        c.duplicates();
        c.modesAndOwners();
        c.resources();
        c.links();
        c.disks();
        c.filesystems();
        c.raid();
        c.luks();
        c.systemd();
        c.ignitionSection();
        c.types();
        c.sourceSyntax();
        c.unitSyntax();
        return c.cases;
    }

    private Case ok(String name, String version, String json) {
        Case c = new Case(name, version, json, Optional.empty(), Optional.empty());
        cases.add(c);
        return c;
    }

    private Case bad(String name, String version, String json, String error) {
        Case c = new Case(name, version, json, Optional.of(error), Optional.empty());
        cases.add(c);
        return c;
    }

    /** Marks the case just added as one that Debian's Ignition 2.14 accepts, for the given reason. */
    private void lastIsNewerThanIgnition214(String why) {
        cases.set(cases.size() - 1, cases.get(cases.size() - 1).olderIgnitionSaysOk(why));
    }

    private void paths() {
        for (String v : ALL) {
            ok("absolute clean file path", v, "'storage':{'files':[{'path':'/etc/motd'}]}");
            bad("relative file path", v, "'storage':{'files':[{'path':'etc/motd'}]}",
                    "storage.files.0.path: path not absolute");
        }
        bad("empty file path", "3.0.0", "'storage':{'files':[{}]}", "storage.files.0.path: path not specified");
        bad("unclean file path", "3.3.0", "'storage':{'files':[{'path':'/etc/../motd'}]}",
                "storage.files.0.path: path is not fully simplified");
        bad("trailing slash on a directory", "3.2.0", "'storage':{'directories':[{'path':'/var/x/'}]}",
                "storage.directories.0.path: path is not fully simplified");
        bad("double slash in a link", "3.1.0", "'storage':{'links':[{'path':'/a//b','target':'/c'}]}",
                "storage.links.0.path: path is not fully simplified");
        ok("root directory", "3.3.0", "'storage':{'directories':[{'path':'/'}]}");
    }

    private void duplicates() {
        for (String v : ALL) {
            bad("two files at one path", v, "'storage':{'files':[{'path':'/a'},{'path':'/a'}]}",
                    "storage.files.1: duplicate entry defined");
            bad("a file and a directory at one path", v,
                    "'storage':{'files':[{'path':'/a'}],'directories':[{'path':'/a'}]}",
                    "storage.files.0: duplicate entry defined");
            bad("duplicate units", v, "'systemd':{'units':[{'name':'a.service'},{'name':'a.service'}]}",
                    "systemd.units.1: duplicate entry defined");
        }
        ok("files at different paths", "3.3.0", "'storage':{'files':[{'path':'/a'},{'path':'/b'}]}");
        bad("a directory and a link at one path", "3.0.0",
                "'storage':{'directories':[{'path':'/a'}],'links':[{'path':'/a','target':'/b'}]}",
                "storage.links.0: duplicate entry defined");
        bad("duplicate dropins", "3.1.0",
                "'systemd':{'units':[{'name':'a.service','dropins':[{'name':'x.conf'},{'name':'x.conf'}]}]}",
                "systemd.units.0.dropins.1: duplicate entry defined");
        ok("same dropin name in two units", "3.1.0",
                "'systemd':{'units':[{'name':'a.service','dropins':[{'name':'x.conf'}]},"
                        + "{'name':'b.service','dropins':[{'name':'x.conf'}]}]}");
        bad("duplicate disks", "3.2.0", "'storage':{'disks':[{'device':'/dev/sda'},{'device':'/dev/sda'}]}",
                "storage.disks.1: duplicate entry defined");
        bad("duplicate filesystems", "3.3.0", "'storage':{'filesystems':[{'device':'/dev/sda1','format':'ext4'},"
                + "{'device':'/dev/sda1','format':'xfs'}]}", "storage.filesystems.1: duplicate entry defined");
        bad("duplicate raid arrays", "3.0.0", "'storage':{'raid':[{'name':'md','level':'raid1','devices':['/dev/a']},"
                + "{'name':'md','level':'raid1','devices':['/dev/b']}]}", "storage.raid.1: duplicate entry defined");
        bad("duplicate raid devices", "3.0.0",
                "'storage':{'raid':[{'name':'md','level':'raid1','devices':['/dev/a','/dev/a']}]}",
                "storage.raid.0.devices.1: duplicate entry defined");
        ok("repeated raid options", "3.0.0",
                "'storage':{'raid':[{'name':'md','level':'raid1','devices':['/dev/a'],'options':['x','x']}]}");
        bad("duplicate luks volumes", "3.2.0", "'storage':{'luks':[{'name':'a','device':'/dev/sda'},"
                + "{'name':'a','device':'/dev/sdb'}]}", "storage.luks.1: duplicate entry defined");
        bad("duplicate users", "3.0.0", "'passwd':{'users':[{'name':'core'},{'name':'core'}]}",
                "passwd.users.1: duplicate entry defined");
        bad("duplicate groups", "3.3.0", "'passwd':{'groups':[{'name':'wheel'},{'name':'wheel'}]}",
                "passwd.groups.1: duplicate entry defined");
        ok("a user and a group of one name", "3.3.0",
                "'passwd':{'users':[{'name':'core'}],'groups':[{'name':'core'}]}");
        bad("duplicate ssh keys of a user", "3.1.0",
                "'passwd':{'users':[{'name':'core','sshAuthorizedKeys':['ssh-ed25519 A','ssh-ed25519 A']}]}",
                "passwd.users.0.sshAuthorizedKeys.1: duplicate entry defined");
        bad("duplicate partition numbers", "3.0.0",
                "'storage':{'disks':[{'device':'/dev/sda','partitions':[{'number':1},{'number':1}]}]}",
                "storage.disks.0.partitions.1: duplicate entry defined");
        bad("kernel argument both required and forbidden", "3.3.0",
                "'kernelArguments':{'shouldExist':['quiet'],'shouldNotExist':['quiet']}",
                "kernelArguments.shouldNotExist.0: duplicate entry defined");
        ok("distinct kernel arguments", "3.3.0",
                "'kernelArguments':{'shouldExist':['quiet'],'shouldNotExist':['splash']}");
        bad("duplicate merge sources", "3.1.0", "'ignition':{'version':'3.1.0','config':{'merge':["
                + "{'source':'https://a/c.ign'},{'source':'https://a/c.ign'}]}}",
                "ignition.config.merge.1: duplicate entry defined");
        bad("duplicate HTTP header names", "3.2.0", "'storage':{'files':[{'path':'/a','contents':{'source':"
                + "'https://a/b','httpHeaders':[{'name':'X','value':'1'},{'name':'X','value':'2'}]}}]}",
                "storage.files.0.contents.httpHeaders.1: duplicate entry defined");
        ok("the same append source twice", "3.3.0",
                "'storage':{'files':[{'path':'/a','append':[{'source':'data:,x'},{'source':'data:,x'}]}]}");
    }

    private void modesAndOwners() {
        for (String v : ALL) {
            ok("mode 0644", v, "'storage':{'files':[{'path':'/a','mode':420}]}");
            bad("mode 0o10644", v, "'storage':{'files':[{'path':'/a','mode':4516}]}",
                    "storage.files.0.mode: illegal file mode");
        }
        ok("mode 07777", "3.6.0", "'storage':{'directories':[{'path':'/a','mode':4095}]}");
        bad("negative mode", "3.2.0", "'storage':{'directories':[{'path':'/a','mode':-1}]}",
                "storage.directories.0.mode: illegal file mode");
        ok("setuid mode (only a warning before 3.6.0)", "3.3.0", "'storage':{'files':[{'path':'/a','mode':2541}]}");
        bad("owner with id and name", "3.0.0", "'storage':{'files':[{'path':'/a','user':{'id':0,'name':'root'}}]}",
                "storage.files.0.user: cannot set both id and name");
        bad("group with id and name", "3.4.0",
                "'storage':{'directories':[{'path':'/a','group':{'id':0,'name':'root'}}]}",
                "storage.directories.0.group: cannot set both id and name");
        ok("owner by id, group by name", "3.4.0",
                "'storage':{'files':[{'path':'/a','user':{'id':0},'group':{'name':'root'}}]}");
        bad("overwrite without a source", "3.3.0", "'storage':{'files':[{'path':'/a','overwrite':true}]}",
                "storage.files.0.overwrite: overwrite must be false if source is unspecified");
        ok("overwrite with a source", "3.3.0",
                "'storage':{'files':[{'path':'/a','overwrite':true,'contents':{'source':'data:,'}}]}");
    }

    private void resources() {
        for (String v : ALL) {
            bad("md5 hash", v, "'storage':{'files':[{'path':'/a','contents':{'source':'https://x/a',"
                    + "'verification':{'hash':'md5-d41d8cd98f00b204e9800998ecf8427e'}}}]}",
                    "storage.files.0.contents.verification.hash: unrecognized hash function");
            ok("sha512 hash", v, "'storage':{'files':[{'path':'/a','contents':{'source':'https://x/a',"
                    + "'verification':{'hash':'" + SHA512 + "'}}}]}");
            bad("bzip2 compression", v, "'storage':{'files':[{'path':'/a','contents':{'source':'https://x/a',"
                    + "'compression':'bzip2'}}]}", "storage.files.0.contents.compression: invalid compression method");
            ok("gzip compression", v, "'storage':{'files':[{'path':'/a','contents':{'source':'https://x/a',"
                    + "'compression':'gzip'}}]}");
            bad("ftp source", v, "'storage':{'files':[{'path':'/a','contents':{'source':'ftp://x/a'}}]}",
                    "storage.files.0.contents.source: invalid url scheme");
            ok("tftp, s3 and data sources", v, "'storage':{'files':[{'path':'/a','contents':{'source':'tftp://x/a'}},"
                    + "{'path':'/b','contents':{'source':'s3://bucket/key'}},"
                    + "{'path':'/c','contents':{'source':'data:text/plain;charset=utf-8;base64,aGk='}}]}");
        }
        bad("sha256 hash before 3.1.0", "3.0.0", "'storage':{'files':[{'path':'/a','contents':{'source':'https://x/a',"
                + "'verification':{'hash':'" + SHA256 + "'}}}]}",
                "storage.files.0.contents.verification.hash: unrecognized hash function");
        ok("sha256 hash", "3.1.0", "'storage':{'files':[{'path':'/a','contents':{'source':'https://x/a',"
                + "'verification':{'hash':'" + SHA256 + "'}}}]}");
        bad("short sha512 hash", "3.2.0", "'storage':{'files':[{'path':'/a','contents':{'source':'https://x/a',"
                + "'verification':{'hash':'sha512-abc'}}}]}",
                "storage.files.0.contents.verification.hash: incorrect size for hash sum");
        bad("hash without a function", "3.2.0", "'storage':{'files':[{'path':'/a','contents':{'source':'https://x/a',"
                + "'verification':{'hash':'abc'}}}]}", "storage.files.0.contents.verification.hash: malformed hash specifier");
        bad("hash without a source", "3.3.0", "'storage':{'files':[{'path':'/a','contents':{"
                + "'verification':{'hash':'" + SHA512 + "'}}}]}",
                "storage.files.0.contents.verification.hash: source must be specified if verification is specified");
        bad("gs source before 3.2.0", "3.1.0", "'storage':{'files':[{'path':'/a','contents':{'source':'gs://b/k'}}]}",
                "storage.files.0.contents.source: invalid url scheme");
        ok("gs source", "3.2.0", "'storage':{'files':[{'path':'/a','contents':{'source':'gs://b/k'}}]}");
        bad("arn source before 3.4.0", "3.3.0",
                "'storage':{'files':[{'path':'/a','contents':{'source':'arn:aws:s3:::bucket/key'}}]}",
                "storage.files.0.contents.source: invalid url scheme");
        ok("arn source", "3.4.0", "'storage':{'files':[{'path':'/a','contents':{'source':'arn:aws:s3:::bucket/key'}}]}");
        bad("arn of another service", "3.4.0",
                "'storage':{'files':[{'path':'/a','contents':{'source':'arn:aws:ec2:::bucket/key'}}]}",
                "storage.files.0.contents.source: invalid S3 ARN format");
        bad("arn without a key", "3.5.0",
                "'storage':{'files':[{'path':'/a','contents':{'source':'arn:aws:s3:::bucket'}}]}",
                "storage.files.0.contents.source: invalid S3 ARN format");
        bad("s3 source with an empty versionId", "3.0.0",
                "'storage':{'files':[{'path':'/a','contents':{'source':'s3://b/k?versionId='}}]}",
                "storage.files.0.contents.source: invalid S3 object VersionId");
        bad("relative source", "3.3.0", "'storage':{'files':[{'path':'/a','contents':{'source':'/srv/a'}}]}",
                "storage.files.0.contents.source: invalid url scheme");
        bad("unparsable source", "3.3.0", "'storage':{'files':[{'path':'/a','contents':{'source':'https://x y/a'}}]}",
                "storage.files.0.contents.source: unable to parse url");
        bad("bad percent escape in a source path", "3.1.0",
                "'storage':{'files':[{'path':'/a','contents':{'source':'https://x/%zz'}}]}",
                "storage.files.0.contents.source: unable to parse url");
        bad("data url with a space", "3.3.0", "'storage':{'files':[{'path':'/a','contents':{'source':'data:,a b'}}]}",
                "storage.files.0.contents.source: invalid data character");
        bad("data url with bad base64", "3.3.0",
                "'storage':{'files':[{'path':'/a','contents':{'source':'data:;base64,aGk'}}]}",
                "storage.files.0.contents.source: illegal base64 data");
        bad("data url with an unknown media type", "3.3.0",
                "'storage':{'files':[{'path':'/a','contents':{'source':'data:foo/bar,x'}}]}",
                "storage.files.0.contents.source: invalid media type");
        ok("percent-encoded data url", "3.3.0",
                "'storage':{'files':[{'path':'/a','contents':{'source':'data:,hello%20world%0A'}}]}");
        ok("http headers on an https source", "3.1.0", "'storage':{'files':[{'path':'/a','contents':{'source':"
                + "'https://x/a','httpHeaders':[{'name':'Authorization','value':'Bearer t'}]}}]}");
        bad("http headers on inline contents", "3.3.0", "'storage':{'files':[{'path':'/a','contents':{'source':"
                + "'data:,x','httpHeaders':[{'name':'A','value':'b'}]}}]}",
                "storage.files.0.contents.httpHeaders: cannot use HTTP headers with this source scheme");
        bad("http headers without a source", "3.2.0",
                "'storage':{'files':[{'path':'/a','contents':{'httpHeaders':[{'name':'A','value':'b'}]}}]}",
                "storage.files.0.contents.httpHeaders: unable to parse url");
        bad("http header without a name", "3.4.0", "'storage':{'files':[{'path':'/a','contents':{'source':"
                + "'https://x/a','httpHeaders':[{'value':'b'}]}}]}",
                "storage.files.0.contents.httpHeaders.0.name: HTTP header name can't be empty");
        bad("http header with an empty value", "3.4.0", "'storage':{'files':[{'path':'/a','contents':{'source':"
                + "'https://x/a','httpHeaders':[{'name':'A','value':''}]}}]}",
                "storage.files.0.contents.httpHeaders.0.value: unable to parse HTTP header");
        bad("append entry with an ftp source", "3.3.0",
                "'storage':{'files':[{'path':'/a','append':[{'source':'ftp://x/a'}]}]}",
                "storage.files.0.append.0.source: invalid url scheme");
    }

    private void links() {
        ok("symlink", "3.3.0", "'storage':{'links':[{'path':'/a','target':'/b'}]}");
        bad("link without a target", "3.3.0", "'storage':{'links':[{'path':'/a'}]}",
                "storage.links.0.target: link target is required");
        ok("link without a target before 3.3.0", "3.2.0", "'storage':{'links':[{'path':'/a'}]}");
        bad("file below a link", "3.1.0",
                "'storage':{'links':[{'path':'/a','target':'/b'}],'files':[{'path':'/a/f'}]}",
                "storage.files.0: file path includes link in config");
        bad("directory below a link", "3.3.0",
                "'storage':{'links':[{'path':'/a','target':'/b'}],'directories':[{'path':'/a/d'}]}",
                "storage.directories.0: directory path includes link in config");
        bad("link below a link", "3.0.0",
                "'storage':{'links':[{'path':'/a','target':'/b'},{'path':'/a/l','target':'/c'}]}",
                "storage.links.1: link path includes link in config");
        ok("file beside a link with a common prefix", "3.3.0",
                "'storage':{'links':[{'path':'/a','target':'/b'}],'files':[{'path':'/ab'}]}");
        bad("hard link to a directory", "3.3.0",
                "'storage':{'directories':[{'path':'/d'}],'links':[{'path':'/l','target':'/d','hard':true}]}",
                "storage.links.0: hard link target is a directory");
        ok("hard link to a file", "3.3.0",
                "'storage':{'files':[{'path':'/f'}],'links':[{'path':'/l','target':'/f','hard':true}]}");
        ok("hard link with an owner (only a warning)", "3.3.0",
                "'storage':{'links':[{'path':'/l','target':'/f','hard':true,'user':{'id':0}}]}");
    }

    private void disks() {
        ok("disk with partitions", "3.3.0", "'storage':{'disks':[{'device':'/dev/sda','wipeTable':true,'partitions':["
                + "{'number':1,'label':'boot','sizeMiB':512,'typeGuid':'C12A7328-F81F-11D2-BA4B-00A0C93EC93B'},"
                + "{'number':2,'label':'root','startMiB':0,'sizeMiB':0}]}]}");
        bad("disk without a device", "3.0.0", "'storage':{'disks':[{'partitions':[{'number':1}]}]}",
                "storage.disks.0.device: disk device is required");
        bad("relative disk device", "3.2.0", "'storage':{'disks':[{'device':'sda'}]}",
                "storage.disks.0.device: path not absolute");
        bad("partition numbers collide through a label", "3.3.0",
                "'storage':{'disks':[{'device':'/dev/sda','partitions':[{'number':1,'label':'a'},{'number':1,'label':'b'}]}]}",
                "storage.disks.0.partitions.1: partition numbers collide");
        bad("overlapping partitions", "3.3.0", "'storage':{'disks':[{'device':'/dev/sda','partitions':["
                + "{'number':1,'startMiB':1,'sizeMiB':100},{'number':2,'startMiB':50,'sizeMiB':100}]}]}",
                "storage.disks.0.partitions.1: partitions overlap");
        ok("adjacent partitions", "3.3.0", "'storage':{'disks':[{'device':'/dev/sda','partitions':["
                + "{'number':1,'startMiB':1,'sizeMiB':100},{'number':2,'startMiB':101,'sizeMiB':100}]}]}");
        bad("partition without number or label", "3.1.0",
                "'storage':{'disks':[{'device':'/dev/sda','partitions':[{'sizeMiB':10}]}]}",
                "storage.disks.0.partitions.0: a partition number >= 1 or a label must be specified");
        bad("partition to delete with a size", "3.2.0",
                "'storage':{'disks':[{'device':'/dev/sda','partitions':[{'number':3,'shouldExist':false,'sizeMiB':5}]}]}",
                "storage.disks.0.partitions.0: shouldExist specified false with other options also specified");
        ok("partition to delete", "3.2.0",
                "'storage':{'disks':[{'device':'/dev/sda','partitions':[{'number':3,'shouldExist':false}]}]}");
        bad("unnumbered partition beside one to delete", "3.3.0", "'storage':{'disks':[{'device':'/dev/sda',"
                + "'partitions':[{'number':3,'shouldExist':false},{'label':'data'}]}]}",
                "storage.disks.0.partitions: shouldExist is false for a partition and other partition(s) has start or size 0");
        bad("partition label of 37 characters", "3.3.0", "'storage':{'disks':[{'device':'/dev/sda','partitions':"
                + "[{'label':'" + "x".repeat(37) + "'}]}]}",
                "storage.disks.0.partitions.0.label: partition labels may not exceed 36 characters");
        bad("partition label with a colon", "3.3.0",
                "'storage':{'disks':[{'device':'/dev/sda','partitions':[{'label':'a:b'}]}]}",
                "storage.disks.0.partitions.0.label: partition label will be truncated to text before the colon");
        bad("partition type GUID malformed", "3.0.0",
                "'storage':{'disks':[{'device':'/dev/sda','partitions':[{'number':1,'typeGuid':'linux'}]}]}",
                "storage.disks.0.partitions.0.typeGuid: doesn't match the form \"01234567-89AB-CDEF-EDCB-A98765432101\"");
        bad("partition labels collide", "3.4.0", "'storage':{'disks':[{'device':'/dev/sda','partitions':"
                + "[{'number':1,'label':'a'},{'number':2,'label':'a'}]}]}",
                "storage.disks.0.partitions.1: cannot use the same partition label twice");
    }

    private void filesystems() {
        ok("ext4 root", "3.0.0",
                "'storage':{'filesystems':[{'device':'/dev/sda1','format':'ext4','path':'/var','label':'var','wipeFilesystem':true}]}");
        bad("unknown filesystem format", "3.3.0", "'storage':{'filesystems':[{'device':'/dev/sda1','format':'zfs'}]}",
                "storage.filesystems.0.format: invalid filesystem format");
        bad("format none before 3.3.0", "3.2.0", "'storage':{'filesystems':[{'device':'/dev/sda1','format':'none'}]}",
                "storage.filesystems.0.format: invalid filesystem format");
        ok("format none", "3.3.0", "'storage':{'filesystems':[{'device':'/dev/sda1','format':'none'}]}");
        bad("filesystem path without a format", "3.3.0", "'storage':{'filesystems':[{'device':'/dev/sda1','path':'/var'}]}",
                "storage.filesystems.0.format: format cannot be empty when path, label, uuid, wipeFilesystem, options, or mountOptions is specified");
        bad("mount options without a format", "3.1.0",
                "'storage':{'filesystems':[{'device':'/dev/sda1','mountOptions':['ro']}]}",
                "storage.filesystems.0.format: format cannot be empty when path, label, uuid, wipeFilesystem, options, or mountOptions is specified");
        bad("relative filesystem path", "3.3.0",
                "'storage':{'filesystems':[{'device':'/dev/sda1','format':'xfs','path':'var'}]}",
                "storage.filesystems.0.path: path not absolute");
        bad("filesystem without a device", "3.3.0", "'storage':{'filesystems':[{'format':'xfs'}]}",
                "storage.filesystems.0.device: path not specified");
        bad("xfs label of 13 characters", "3.3.0",
                "'storage':{'filesystems':[{'device':'/dev/sda1','format':'xfs','label':'abcdefghijklm'}]}",
                "storage.filesystems.0.label: filesystem labels cannot be longer than 12 characters when using xfs");
        ok("ext4 label of 16 characters", "3.3.0",
                "'storage':{'filesystems':[{'device':'/dev/sda1','format':'ext4','label':'abcdefghijklmnop'}]}");
        ok("repeated mount options", "3.3.0",
                "'storage':{'filesystems':[{'device':'/dev/sda1','format':'ext4','mountOptions':['ro','ro']}]}");
    }

    private void raid() {
        ok("raid1", "3.3.0", "'storage':{'raid':[{'name':'md0','level':'raid1','devices':['/dev/sda','/dev/sdb']}]}");
        bad("unknown raid level", "3.0.0", "'storage':{'raid':[{'name':'md0','level':'raid7','devices':['/dev/sda']}]}",
                "storage.raid.0.level: unrecognized raid level");
        bad("raid without a level before 3.3.0", "3.2.0", "'storage':{'raid':[{'name':'md0','devices':['/dev/sda']}]}",
                "storage.raid.0.level: unrecognized raid level");
        bad("raid without a level", "3.3.0", "'storage':{'raid':[{'name':'md0','devices':['/dev/sda']}]}",
                "storage.raid.0.level: raid level is required");
        bad("raid0 with spares", "3.3.0",
                "'storage':{'raid':[{'name':'md0','level':'raid0','spares':1,'devices':['/dev/sda']}]}",
                "storage.raid.0.level: spares unsupported for linear and raid0 arrays");
        bad("raid without devices", "3.3.0", "'storage':{'raid':[{'name':'md0','level':'raid1'}]}",
                "storage.raid.0.devices: raid devices required");
        bad("relative raid device", "3.3.0", "'storage':{'raid':[{'name':'md0','level':'raid1','devices':['sda']}]}",
                "storage.raid.0.devices.0: path not absolute");
    }

    private void luks() {
        String tang = "'tang':[{'url':'https://tang','thumbprint':'abc'}]";
        ok("luks with tpm2 and tang", "3.3.0",
                "'storage':{'luks':[{'name':'root','device':'/dev/sda2','clevis':{'tpm2':true," + tang + "}}]}");
        bad("luks name with a slash", "3.2.0", "'storage':{'luks':[{'name':'a/b','device':'/dev/sda'}]}",
                "storage.luks.0.name: device names cannot contain slashes");
        bad("luks without a device", "3.3.0", "'storage':{'luks':[{'name':'a'}]}",
                "storage.luks.0.device: disk device is required");
        bad("luks label of 48 characters", "3.3.0",
                "'storage':{'luks':[{'name':'a','device':'/dev/sda','label':'" + "x".repeat(48) + "'}]}",
                "storage.luks.0.label: luks device labels cannot be longer than 47 characters");
        bad("luks key file from ftp", "3.3.0",
                "'storage':{'luks':[{'name':'a','device':'/dev/sda','keyFile':{'source':'ftp://x/k'}}]}",
                "storage.luks.0.keys: invalid key-file source");
        bad("custom clevis pin beside tpm2", "3.3.0", "'storage':{'luks':[{'name':'a','device':'/dev/sda',"
                + "'clevis':{'tpm2':true,'custom':{'pin':'tpm2','config':'{}'}}}]}",
                "storage.luks.0.clevis: cannot use custom clevis config with tpm2, tang, or threshold");
        bad("empty custom clevis object beside tpm2 in 3.2.0", "3.2.0", "'storage':{'luks':[{'name':'a',"
                + "'device':'/dev/sda','clevis':{'tpm2':true,'custom':{}}}]}",
                "storage.luks.0.clevis: cannot use custom clevis config with tpm2, tang, or threshold");
        ok("empty custom clevis object beside tpm2", "3.3.0", "'storage':{'luks':[{'name':'a',"
                + "'device':'/dev/sda','clevis':{'tpm2':true,'custom':{}}}]}");
        bad("custom clevis pin without config", "3.3.0", "'storage':{'luks':[{'name':'a','device':'/dev/sda',"
                + "'clevis':{'custom':{'pin':'tpm2'}}}]}", "storage.luks.0.clevis.custom.config: missing required custom clevis config");
        bad("custom clevis config without pin", "3.4.0", "'storage':{'luks':[{'name':'a','device':'/dev/sda',"
                + "'clevis':{'custom':{'config':'{}'}}}]}", "storage.luks.0.clevis.custom.pin: missing required custom clevis pin");
        bad("unknown custom clevis pin before 3.6.0", "3.5.0", "'storage':{'luks':[{'name':'a','device':'/dev/sda',"
                + "'clevis':{'custom':{'pin':'yubikey','config':'{}'}}}]}",
                "storage.luks.0.clevis.custom.pin: unsupported clevis pin");
        ok("any custom clevis pin", "3.6.0", "'storage':{'luks':[{'name':'a','device':'/dev/sda',"
                + "'clevis':{'custom':{'pin':'yubikey','config':'{}'}}}]}");
        bad("tang without a thumbprint", "3.2.0", "'storage':{'luks':[{'name':'a','device':'/dev/sda',"
                + "'clevis':{'tang':[{'url':'https://tang'}]}}]}",
                "storage.luks.0.clevis.tang.0.thumbprint: thumbprint is required");
        bad("tang over tftp", "3.3.0", "'storage':{'luks':[{'name':'a','device':'/dev/sda',"
                + "'clevis':{'tang':[{'url':'tftp://tang','thumbprint':'x'}]}}]}",
                "storage.luks.0.clevis.tang.0.url: invalid url scheme");
        bad("tang advertisement that is not JSON", "3.4.0", "'storage':{'luks':[{'name':'a','device':'/dev/sda',"
                + "'clevis':{'tang':[{'url':'https://t','thumbprint':'x','advertisement':'{nope'}]}}]}",
                "storage.luks.0.clevis.tang.0.advertisement: advertisement is not valid JSON");
        ok("tang advertisement", "3.4.0", "'storage':{'luks':[{'name':'a','device':'/dev/sda',"
                + "'clevis':{'tang':[{'url':'https://t','thumbprint':'x','advertisement':'{\\'payload\\':\\'x\\'}'}]}}]}");
        bad("cex with clevis", "3.5.0", "'storage':{'luks':[{'name':'a','device':'/dev/sda','cex':{'enabled':true},"
                + "'clevis':{'tpm2':true}}]}", "storage.luks.0.cex: cannot use cex with clevis");
        bad("cex with a key file", "3.6.0", "'storage':{'luks':[{'name':'a','device':'/dev/sda','cex':{'enabled':true},"
                + "'keyFile':{'source':'data:,k'}}]}", "storage.luks.0.cex: cannot use key file with cex");
        ok("cex alone", "3.5.0", "'storage':{'luks':[{'name':'a','device':'/dev/sda','cex':{'enabled':true}}]}");
    }

    private void systemd() {
        for (String v : ALL) {
            ok("service unit", v, "'systemd':{'units':[{'name':'a.service','enabled':true,"
                    + "'contents':'[Unit]\\nDescription=a\\n[Service]\\nExecStart=/bin/true\\n[Install]\\nWantedBy=multi-user.target\\n'}]}");
            bad("unit without a type suffix", v, "'systemd':{'units':[{'name':'a'}]}",
                    "systemd.units.0.name: invalid systemd unit extension");
            bad("dropin not ending in .conf", v,
                    "'systemd':{'units':[{'name':'a.service','dropins':[{'name':'x.txt','contents':'[Service]\\n'}]}]}",
                    "systemd.units.0.dropins.0.name: invalid systemd drop-in extension");
        }
        bad("unit type suffix unknown", "3.3.0", "'systemd':{'units':[{'name':'a.conf'}]}",
                "systemd.units.0.name: invalid systemd unit extension");
        ok("masked unit without contents", "3.3.0", "'systemd':{'units':[{'name':'a.timer','mask':true,'enabled':false}]}");
        bad("unit contents with an unclosed section", "3.3.0",
                "'systemd':{'units':[{'name':'a.service','contents':'[Unit\\nA=b\\n'}]}",
                "systemd.units.0.contents: invalid unit content: unable to find end of section");
        bad("unit contents with an option line without =", "3.2.0",
                "'systemd':{'units':[{'name':'a.service','contents':'[Unit]\\nDescription\\nA=b\\n'}]}",
                "systemd.units.0.contents: invalid unit content: unexpected newline encountered while parsing option name");
        bad("dropin contents with garbage after the section", "3.1.0",
                "'systemd':{'units':[{'name':'a.service','dropins':[{'name':'x.conf','contents':'[Service] x\\n'}]}]}",
                "systemd.units.0.dropins.0.contents: invalid unit content: found garbage after section name : \"x\"");
        ok("enabled unit without install section (only a warning)", "3.3.0",
                "'systemd':{'units':[{'name':'a.service','enabled':true,'contents':'[Service]\\nExecStart=/bin/true\\n'}]}");
        bad("file where a unit is written", "3.3.0", "'systemd':{'units':[{'name':'a.service','contents':'[Service]\\n'}]},"
                + "'storage':{'files':[{'path':'/etc/systemd/system/a.service'}]}",
                "storage.files.0.path: path conflicts with systemd unit or dropin");
        lastIsNewerThanIgnition214("the systemd path conflict check came to old specs after Ignition 2.14");
        ok("file where a unit without contents is", "3.3.0", "'systemd':{'units':[{'name':'a.service','enabled':true}]},"
                + "'storage':{'files':[{'path':'/etc/systemd/system/a.service'}]}");
    }

    private void ignitionSection() {
        bad("merge entry without a source", "3.1.0", "'ignition':{'version':'3.1.0','config':{'merge':[{}]}}",
                "ignition.config.merge.0: source is required");
        ok("merge entry without a source in 3.0.0", "3.0.0", "'ignition':{'version':'3.0.0','config':{'merge':[{}]}}");
        bad("replace from ftp", "3.2.0", "'ignition':{'version':'3.2.0','config':{'replace':{'source':'ftp://x/c'}}}",
                "ignition.config.replace.source: invalid url scheme");
        ok("replace over https with headers", "3.2.0", "'ignition':{'version':'3.2.0','config':{'replace':"
                + "{'source':'https://x/c','httpHeaders':[{'name':'A','value':'b'}]}}}");
        bad("CA without a source", "3.3.0",
                "'ignition':{'version':'3.3.0','security':{'tls':{'certificateAuthorities':[{}]}}}",
                "ignition.security.tls.certificateAuthorities.0: source is required");
        bad("CA without a source in 3.0.0", "3.0.0",
                "'ignition':{'version':'3.0.0','security':{'tls':{'certificateAuthorities':[{}]}}}",
                "ignition.security.tls.certificateAuthorities.0.source: invalid url scheme");
        ok("CA from a data url", "3.0.0", "'ignition':{'version':'3.0.0','security':{'tls':{'certificateAuthorities':"
                + "[{'source':'data:,-----BEGIN'}]}}}");
        bad("socks proxy", "3.1.0", "'ignition':{'version':'3.1.0','proxy':{'httpProxy':'socks5://p:1080'}}",
                "ignition.proxy.httpProxy: proxies must be http(s)");
        ok("http proxy for https (only a warning)", "3.1.0",
                "'ignition':{'version':'3.1.0','proxy':{'httpProxy':'http://p:3128','httpsProxy':'http://p:3128',"
                        + "'noProxy':['example.com']}}");
        bad("duplicate no-proxy entries", "3.3.0",
                "'ignition':{'version':'3.3.0','proxy':{'noProxy':['a','a']}}",
                "ignition.proxy.noProxy.1: duplicate entry defined");
        ok("timeouts", "3.0.0", "'ignition':{'version':'3.0.0','timeouts':{'httpResponseHeaders':10,'httpTotal':60}}");
    }

    private void types() {
        bad("mode as a string", "3.3.0", "'storage':{'files':[{'path':'/a','mode':'0644'}]}",
                "storage.files.0.mode: cannot unmarshal string into a field of type int");
        bad("path as a number", "3.0.0", "'storage':{'files':[{'path':1}]}",
                "storage.files.0.path: cannot unmarshal number 1 into a field of type string");
        bad("files as an object", "3.2.0", "'storage':{'files':{'path':'/a'}}",
                "storage.files: cannot unmarshal object into a field of type array");
        bad("fractional size", "3.3.0", "'storage':{'disks':[{'device':'/dev/sda','partitions':[{'number':1,'sizeMiB':1.5}]}]}",
                "storage.disks.0.partitions.0.sizeMiB: cannot unmarshal number 1.5 into a field of type int");
        ok("unknown key (only a warning)", "3.3.0", "'storage':{'files':[{'path':'/a','colour':'blue'}]}");
        ok("http headers before 3.1.0 are an unknown key", "3.0.0",
                "'storage':{'files':[{'path':'/a','contents':{'source':'data:,x','httpHeaders':[{'name':'A'}]}}]}");
        ok("kernel arguments before 3.3.0 are an unknown key", "3.2.0",
                "'kernelArguments':{'shouldExist':['a','a']}");
        ok("keys matched ignoring case, as Go does", "3.3.0",
                "'Ignition':{'VERSION':'3.3.0'},'Storage':{'Files':[{'Path':'/a'}]}");
        bad("a key in another case still sets its field", "3.3.0", "'storage':{'files':[{'Path':'relative'}]}",
                "storage.files.0.path: path not absolute");
        bad("a struct given twice in two cases is filled twice", "3.2.0",
                "'storage':{'files':[{'path':'/a'}]},'Storage':{'directories':[{'path':'/a'}]}",
                "storage.files.0: duplicate entry defined");
        ok("null values", "3.3.0", "'storage':{'files':[{'path':'/a','mode':null,'contents':null}]},'passwd':null");
    }

    /**
     * Source URLs as Go's {@code net/url} and the dataurl reader take them. The verdicts were read off
     * {@code ignition-validate}; the parity test keeps checking them.
     */
    private void sourceSyntax() {
        String[][] table = {
            {"HTTPS://x/a", null},
            {"https://x:80/a", null},
            {"https://x:8a/a", "unable to parse url"},
            {"https://u:p@x/a", null},
            {"https://u{p@x/a", "unable to parse url"},
            {"https://[::1]:80/a", null},
            {"https://[::1/a", "unable to parse url"},
            {"https://x_y.z/a", null},
            {"https://x^y/a", "unable to parse url"},
            {"https://x/a b", null},
            {"https://x/a?b c", null},
            {"https://x/a#%zz", "unable to parse url"},
            {"https://x%41/a", "unable to parse url"},
            {"https://ex\u00e4mple/\u00e9", null},
            {"https:x", null},
            {"1http://x", "unable to parse url"},
            {"://x", "unable to parse url"},
            {"x:y", "invalid url scheme"},
            {"//x/a", "invalid url scheme"},
            {"file:///a", "invalid url scheme"},
            {"s3://b/k?versionId=1", null},
            {"s3://b/k?versionId=&versionId=2", "invalid S3 object VersionId"},
            {"s3://b/k?versionId=%zz", null},
            {"data:,a%zz", "rfc2396: invalid char 0x25 in unescape sequence"},
            {"data:,a%2", "rfc2396: unexpected end of unescape sequence"},
            {"data:text/plain,x", null},
            {"data:text/,x", null},
            {"data:x-foo/bar,x", null},
            {"data:;charset=utf-8,x", null},
            {"data:;base64,YR==", null},
            {"data:;base64,aGk=aGk=", "illegal base64 data"},
            {"data:;base64;x=y,aGk=", "invalid character for parameter attribute"},
            {"data:text/plain;a=\\\"b c\\\",x", null},
            {"data:text/plain;a=\\\"b\\\\qc\\\",x", "invalid syntax"},
            {"data:text/plain;a=\\\"\\\\x41\\\\101\\\\u00e9\\\\\\\\\\\",x", null},
            {"data:text/plain;a=\\\"\\\\400\\\",x", "invalid syntax"},
            {"data:text/plain;a=\\\"\\\\ud800\\\",x", "invalid syntax"},
            {"data:text/plain;a=%zz,x", "rfc2396: invalid char 0x25 in unescape sequence"},
            {"data:,\u00e9", "invalid data character"},
            {"data:,#x", "invalid data character"},
            {"data:,a?b&c=d/e:f@g", null},
            {"data:", "missing comma before data"},
            {"data:,", null},
            {"DATA:,x", "missing data prefix"},
            {"data:text/plain;,x", "unterminated parameter sequence"},
        };
        for (String[] row : table) {
            String files = "'storage':{'files':[{'path':'/a','contents':{'source':'" + row[0] + "'}}]}";
            if (row[1] == null) {
                ok("source " + row[0], "3.3.0", files);
            } else {
                bad("source " + row[0], "3.3.0", files, "storage.files.0.contents.source: " + row[1]);
            }
        }
    }

    /** Unit contents as go-systemd's reader takes them, long lines included (verdicts from ignition-validate). */
    private void unitSyntax() {
        String[][] table = {
            {"[Unit]\\nA", "invalid unit content: EOF"},
            {"x=y\\n[Unit]\\nA=b", null},
            {"[Unit]\\nA=b\\\\\\n  c\\n[Install]\\nW=x", null},
            {"[Unit]\\r\\nA=b\\r\\n[Install]\\r\\nW=x\\r\\n", null},
            {"# c \\\\\\n[x\\n[Unit]\\nA=b", null},
            {"[Unit]\\n;A\\n#B\\n  \\n\\tA=b", null},
            {"[Un]it]\\nA=b", "invalid unit content: found garbage after section name : \"it]\""},
            {"[Unit]\\n=x", null},
            {"", null},
            {"[Unit]\\nA=" + "x".repeat(2045) + "\\n", null},
            {"[Unit]\\nA=" + "x".repeat(2046) + "\\n", "invalid unit content: line too long (max 2048 bytes)"},
            {"[Unit]\\nA=" + "x".repeat(2046), "invalid unit content: line too long (max 2048 bytes)"},
            {"[Unit]\\n#" + "x".repeat(2100), "invalid unit content: line too long (max 2048 bytes)"},
            {"x".repeat(3000) + "\\n[Unit]\\nA=b\\n", "invalid unit content: line too long (max 2048 bytes)"},
            // bufio holds less than 2048 bytes where this long line starts, so go-systemd does not look
            {"[Unit]\\n" + "A=b\\n".repeat(750) + "C=" + "x".repeat(2100) + "\\n", null},
            {"[Unit]\\n" + "A=b\\n".repeat(1250) + "C=" + "x".repeat(2100) + "\\n",
                "invalid unit content: line too long (max 2048 bytes)"},
            {"[Unit]\\n" + "A=b\\n".repeat(250) + "C=" + "x".repeat(2100) + "\\n",
                "invalid unit content: line too long (max 2048 bytes)"},
            {"[Unit]\\nA=b\\\\\\n" + "x".repeat(2100) + "\\n", "invalid unit content: line too long (max 2048 bytes)"},
            {"[Unit]\\nA=" + "\u00e9".repeat(1100) + "\\n", "invalid unit content: line too long (max 2048 bytes)"},
        };
        for (String[] row : table) {
            String name = "unit contents " + (row[0].length() > 40 ? row[0].substring(0, 40) + "... (" + row[0].length() + ")" : row[0]);
            String units = "'systemd':{'units':[{'name':'a.service','contents':'" + row[0] + "'}]}";
            if (row[1] == null) {
                ok(name, "3.3.0", units);
            } else {
                bad(name, "3.3.0", units, "systemd.units.0.contents: " + row[1]);
            }
        }
    }
}
