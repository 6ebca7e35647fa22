package dev.bootoperator.ignition.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Random;

/**
 * Random Ignition configs for specs 3.0.0–3.3.0, built from pools of valid and invalid values for every field the
 * validator looks at, so that most configs break a rule or two and some break none. Paths stay out of
 * {@code /etc/systemd/system}, where Ignition 2.26 checks more than 2.14 does.
 */
final class RandomConfigs {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<String> VERSIONS = List.of("3.0.0", "3.1.0", "3.2.0", "3.3.0");
    private static final List<String> BAD_PATHS = List.of("/a", "/a/b", "a", "", "/a/", "/a/./b", "/x//y");
    private static final List<String> SOURCES = List.of("data:,x", "data:,x%20y", "data:;base64,aGk=",
            "https://h/f", "s3://b/k", "tftp://h/f", "gs://b/k", "arn:aws:s3:::b/k", "data:,a b", "http://h:8a/f",
            "ftp://h/f",
            "data:text/plain;charset=utf-8,x", "HTTPS://h/f?x#y", "", "data:foo/bar,x", "https://h/%zz");
    private static final List<String> HASHES = List.of("sha512-" + "a".repeat(128), "sha256-" + "b".repeat(64),
            "sha512-ab", "md5-ab", "nohash");
    private static final List<String> UNIT_NAMES = List.of("a.service", "b.timer", "c.mount", "e@.service",
            "e@x.service", "g.socket", "d", "f.conf");
    private static final List<String> CONTENTS = List.of("[Unit]\nA=b\n", "[Service]\nExecStart=/bin/true\n[Install]\nW=x\n",
            "", "# c\n[Unit]\nA=b \\\n c\n", "[Unit", "[Unit]\nA\n", "[Unit] x\n");
    private static final List<String> GUIDS = List.of("", "0FC63DAF-8483-4772-8E79-3D69D8477DE4", "linux", "0fc63daf-8483");
    private static final List<String> FORMATS = List.of("ext4", "xfs", "btrfs", "vfat", "swap", "none", "zfs", "");
    private static final List<String> LEVELS = List.of("raid1", "raid0", "linear", "5", "raid7", "");

    /** How often a field gets a value from the invalid end of its pool. */
    private static final double BAD = 0.03;

    private final Random random;

    RandomConfigs(long seed) {
        this.random = new Random(seed);
    }

    JsonNode next() {
        String version = pick(VERSIONS);
        ObjectNode config = F.objectNode();
        ObjectNode ignition = config.putObject("ignition").put("version", version);
        boolean v31 = !version.equals("3.0.0");
        boolean v32 = v31 && !version.equals("3.1.0");
        boolean v33 = version.equals("3.3.0");
        if (chance(0.2)) {
            ObjectNode merge = ignition.putObject("config").putArray("merge").addObject();
            need(merge, "source", pick(SOURCES, 5));
        }
        if (v31 && chance(0.15)) {
            ignition.putObject("proxy").put(chance(0.5) ? "httpProxy" : "httpsProxy",
                    pick(List.of("http://p:3128", "https://p", "socks5://p", ""), 2));
        }
        if (chance(0.15)) {
            ObjectNode ca = ignition.putObject("security").putObject("tls").putArray("certificateAuthorities").addObject();
            need(ca, "source", pick(SOURCES, 5));
        }
        ObjectNode storage = config.putObject("storage");
        ArrayNode files = storage.putArray("files");
        for (int i = random.nextInt(4); i > 0; i--) {
            ObjectNode f = files.addObject().put("path", path());
            if (chance(0.4)) {
                f.put("mode", pick(List.of(420, 493, 2541, 4095, 4516, -1), 4));
            }
            if (chance(0.2)) {
                f.put("overwrite", chance(BAD));
            }
            if (chance(0.2)) {
                ObjectNode user = f.putObject(chance(0.5) ? "user" : "group");
                if (chance(0.5)) {
                    user.put("id", 0);
                } else {
                    user.put("name", "root");
                }
                maybe(user, chance(BAD) ? "name" : "x", "root");
            }
            if (chance(0.7)) {
                resource(f.putObject("contents"), v31);
            }
            if (chance(0.2)) {
                resource(f.putArray("append").addObject(), v31);
            }
        }
        ArrayNode dirs = storage.putArray("directories");
        for (int i = random.nextInt(3); i > 0; i--) {
            ObjectNode d = dirs.addObject().put("path", path());
            if (chance(0.3)) {
                d.put("mode", pick(List.of(493, 1517, 8192), 2));
            }
        }
        ArrayNode links = storage.putArray("links");
        for (int i = random.nextInt(3); i > 0; i--) {
            ObjectNode l = links.addObject().put("path", path());
            need(l, "target", pick(List.of("/a", "/b", "b", ""), 3));
            if (chance(0.4)) {
                l.put("hard", chance(0.3));
            }
        }
        ArrayNode disks = storage.putArray("disks");
        for (int i = random.nextInt(2); i > 0; i--) {
            ObjectNode d = disks.addObject();
            need(d, "device", pick(List.of("/dev/sda", "sda", ""), 1));
            maybe(d, "wipeTable", true);
            ArrayNode parts = d.putArray("partitions");
            for (int j = random.nextInt(3); j > 0; j--) {
                ObjectNode p = parts.addObject();
                need(p, "number", chance(BAD) ? pick(List.of(0, 1)) : j);
                maybe(p, "label", pick(List.of("root", "data", "", "a:b", "x".repeat(37)), 3));
                maybe(p, "startMiB", pick(List.of(0, 1, 50, 101), 1));
                maybe(p, "sizeMiB", pick(List.of(0, 100), 1));
                maybe(p, "typeGuid", pick(GUIDS, 2));
                maybe(p, "shouldExist", !chance(BAD));
            }
        }
        ArrayNode filesystems = storage.putArray("filesystems");
        for (int i = random.nextInt(3); i > 0; i--) {
            ObjectNode fs = filesystems.addObject();
            need(fs, "device", chance(BAD) ? pick(List.of("/dev/sda", "sdb", "")) : "/dev/vd" + i);
            need(fs, "format", pick(FORMATS, 5));
            maybe(fs, "path", pick(List.of("/var", "", "var"), 2));
            maybe(fs, "label", pick(List.of("short", "", "abcdefghijklm"), 2));
            maybe(fs, "wipeFilesystem", chance(0.5));
            if (chance(0.2)) {
                fs.putArray("options").add("-b").add("-b");
            }
        }
        ArrayNode raid = storage.putArray("raid");
        for (int i = random.nextInt(2); i > 0; i--) {
            ObjectNode r = raid.addObject().put("name", "md" + i);
            need(r, "level", pick(LEVELS, 4));
            maybe(r, "spares", pick(List.of(0, 1), 1));
            ArrayNode devices = r.putArray("devices");
            for (int j = 1 + random.nextInt(2); j > 0; j--) {
                devices.add(pick(List.of("/dev/sda", "/dev/sdb", "sdc"), 2));
            }
        }
        if (v32 && chance(0.4)) {
            ObjectNode l = storage.putArray("luks").addObject().put("name", pick(List.of("root", "a/b"), 1));
            need(l, "device", pick(List.of("/dev/sda", "sda", ""), 1));
            maybe(l, "label", pick(List.of("l", "x".repeat(48)), 1));
            if (chance(0.3)) {
                l.putObject("keyFile").put("source", pick(SOURCES, 5));
            }
            ObjectNode clevis = l.putObject("clevis");
            maybe(clevis, "tpm2", chance(0.5));
            maybe(clevis, "threshold", pick(List.of(0, 1), 1));
            if (chance(0.4)) {
                ObjectNode tang = clevis.putArray("tang").addObject();
                need(tang, "url", pick(List.of("https://t", "tftp://t", "http://t:x"), 1));
                need(tang, "thumbprint", pick(List.of("abc", ""), 1));
            }
            if (chance(0.4)) {
                ObjectNode custom = clevis.putObject("custom");
            clevis.remove(chance(BAD * 5) ? "" : "tpm2");
            clevis.remove(chance(BAD * 5) ? "" : "threshold");
                maybe(custom, "pin", pick(List.of("tpm2", "sss", "yubikey", ""), 2));
                need(custom, "config", pick(List.of("{}", ""), 1));
                maybe(custom, "needsNetwork", chance(0.5));
            }
        }
        ArrayNode units = config.putObject("systemd").putArray("units");
        for (int i = random.nextInt(3); i > 0; i--) {
            String name = pick(UNIT_NAMES, 6);
            ObjectNode u = units.addObject().put("name", chance(BAD) ? name : name.replace(".", i + "."));
            maybe(u, "contents", pick(CONTENTS, 4));
            maybe(u, "enabled", chance(0.6));
            maybe(u, "mask", chance(0.3));
            if (chance(0.3)) {
                ObjectNode d = u.putArray("dropins").addObject().put("name", pick(List.of("x.conf", "x.txt", ""), 1));
                maybe(d, "contents", pick(CONTENTS, 4));
            }
        }
        if (chance(0.3)) {
            ObjectNode user = config.putObject("passwd").putArray("users").addObject().put("name", "core");
            if (chance(0.5)) {
                user.putArray("sshAuthorizedKeys").add("ssh-ed25519 A").add(pick(List.of("ssh-rsa B", "ssh-ed25519 A"), 1));
            }
        }
        if (v33 && chance(0.3)) {
            ObjectNode kargs = config.putObject("kernelArguments");
            kargs.putArray("shouldExist").add("quiet");
            kargs.putArray("shouldNotExist").add(pick(List.of("splash", "quiet"), 1));
        }
        return config;
    }

    private void resource(ObjectNode res, boolean v31) {
        need(res, "source", pick(SOURCES, 5));
        maybe(res, "compression", pick(List.of("", "gzip", "bzip2"), 2));
        if (chance(0.3)) {
            res.putObject("verification").put("hash", pick(HASHES, 2));
        }
        if (v31 && chance(0.25) && res.path("source").asText().startsWith("http")) {
            ObjectNode h = res.putArray("httpHeaders").addObject().put("name", pick(List.of("A", ""), 1));
            maybe(h, "value", pick(List.of("b", ""), 1));
        }
    }

    /** A field Ignition needs: set, but rarely left out. */
    private void need(ObjectNode node, String field, Object value) {
        if (!chance(BAD)) {
            put(node, field, value);
        }
    }

    private void maybe(ObjectNode node, String field, Object value) {
        if (chance(0.5)) {
            put(node, field, value);
        }
    }

    private static void put(ObjectNode node, String field, Object value) {
        if (value instanceof String s) {
            node.put(field, s);
        } else if (value instanceof Integer i) {
            node.put(field, i);
        } else if (value instanceof Boolean b) {
            node.put(field, b);
        }
    }

    private boolean chance(double p) {
        return random.nextDouble() < p;
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** One of the first {@code good} values, or rarely any value of the pool (the rest are invalid somewhere). */
    private <T> T pick(List<T> values, int good) {
        return values.get(random.nextInt(chance(BAD) ? values.size() : good));
    }

    /** A fresh path, or rarely one from a small pool of colliding and malformed ones. */
    private String path() {
        return chance(BAD * 3) ? pick(BAD_PATHS) : "/p" + random.nextInt(1_000_000);
    }
}
