package dev.bootoperator.ignition;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Expected Ignition JSON is written from butane v0.28.0's behaviour (its specs, translate.go and, where named,
 * its translate_test.go cases transcribed to YAML); outputs are compared as parsed JSON trees.
 */
class ButaneTranslatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ButaneTranslator translator = new ButaneTranslator();

    @Nested
    class Translates {
        @ParameterizedTest(name = "fcos {0} -> Ignition {1}")
        @CsvSource({
            "1.0.0, 3.0.0",
            "1.1.0, 3.1.0",
            "1.2.0, 3.2.0",
            "1.3.0, 3.2.0",
            "1.4.0, 3.3.0",
            "1.5.0, 3.4.0",
            "1.6.0, 3.5.0",
        })
        void minimalConfigOfEachFcosVersionTargetsItsIgnitionVersion(String fcos, String ignition) {
            assertTranslation("variant: fcos\nversion: " + fcos + "\n",
                    "{\"ignition\":{\"version\":\"" + ignition + "\"}}");
        }

        @Test
        void inlineContentsBecomeAPercentEncodedDataUrl() {
            assertTranslation("""
                    variant: fcos
                    version: 1.5.0
                    storage:
                      files:
                        - path: /etc/motd
                          contents:
                            inline: |
                              hello world
                        - path: /etc/tabbed
                          contents:
                            inline: "x\\ty"
                        - path: /etc/empty
                          contents:
                            inline: ""
                    """, """
                    {"ignition":{"version":"3.4.0"},
                     "storage":{"files":[
                       {"path":"/etc/motd","contents":{"compression":"","source":"data:,hello%20world%0A"}},
                       {"path":"/etc/tabbed","contents":{"compression":"","source":"data:,x%09y"}},
                       {"path":"/etc/empty","contents":{"compression":"","source":"data:,"}}]}}
                    """);
        }

        @Test
        void inlineContentsUseBase64WhenThatIsShorterThanPercentEncoding() {
            assertTranslation("""
                    variant: fcos
                    version: 1.6.0
                    storage:
                      files:
                        - path: /etc/special
                          contents:
                            inline: |
                              a b&c=d?e#f/g:h;i,j+k%l
                              "q" 'r' (s) *!~_.-
                              café 日本
                    """, """
                    {"ignition":{"version":"3.5.0"},
                     "storage":{"files":[{"path":"/etc/special","contents":{"compression":"","source":
                       "data:;base64,YSBiJmM9ZD9lI2YvZzpoO2ksaitrJWwKInEiICdyJyAocykgKiF+Xy4tCmNhZsOpIOaXpeacrAo="
                     }}]}}
                    """);
        }

        @Test
        void remoteContentsKeepSourceCompressionVerificationAndRenameHttpHeaders() {
            assertTranslation("""
                    variant: fcos
                    version: 1.4.0
                    storage:
                      files:
                        - path: /opt/tool.gz
                          contents:
                            source: https://example.com/tool.gz
                            compression: gzip
                            verification:
                              hash: sha256-2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae
                            http_headers:
                              - name: Authorization
                                value: Bearer abc
                              - name: X-Empty
                    """, """
                    {"ignition":{"version":"3.3.0"},
                     "storage":{"files":[{"path":"/opt/tool.gz","contents":{
                       "source":"https://example.com/tool.gz",
                       "compression":"gzip",
                       "verification":{"hash":"sha256-2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"},
                       "httpHeaders":[{"name":"Authorization","value":"Bearer abc"},{"name":"X-Empty"}]}}]}}
                    """);
        }

        @Test
        void fileModeOwnershipOverwriteAndAppendAreTranslated() {
            assertTranslation("""
                    variant: fcos
                    version: 1.3.0
                    storage:
                      files:
                        - path: /etc/hosts
                          overwrite: false
                          mode: 0644
                          user:
                            id: 0
                          group:
                            name: root
                          append:
                            - inline: 10.0.0.1 boot
                            - source: http://10.0.0.1/hosts.extra
                        - path: /usr/local/bin/run
                          overwrite: true
                          mode: 0o755
                          contents:
                            source: https://example.com/run
                        - path: /etc/decimal
                          mode: 420
                    """, """
                    {"ignition":{"version":"3.2.0"},
                     "storage":{"files":[
                       {"path":"/etc/hosts","overwrite":false,"mode":420,"user":{"id":0},"group":{"name":"root"},
                        "append":[{"compression":"","source":"data:,10.0.0.1%20boot"},{"source":"http://10.0.0.1/hosts.extra"}]},
                       {"path":"/usr/local/bin/run","overwrite":true,"mode":493,
                        "contents":{"source":"https://example.com/run"}},
                       {"path":"/etc/decimal","mode":420}]}}
                    """);
        }

        @Test
        void directoriesAreTranslated() {
            assertTranslation("""
                    variant: fcos
                    version: 1.0.0
                    storage:
                      directories:
                        - path: /var/lib/app
                          overwrite: true
                          mode: 0750
                          user:
                            name: core
                          group:
                            id: 1000
                    """, """
                    {"ignition":{"version":"3.0.0"},
                     "storage":{"directories":[{"path":"/var/lib/app","overwrite":true,"mode":488,
                       "user":{"name":"core"},"group":{"id":1000}}]}}
                    """);
        }

        @Test
        void hardAndSymbolicLinksAreTranslated() {
            assertTranslation("""
                    variant: fcos
                    version: 1.1.0
                    storage:
                      links:
                        - path: /etc/localtime
                          target: ../usr/share/zoneinfo/UTC
                          overwrite: true
                          user:
                            id: 0
                          group:
                            name: root
                        - path: /var/lib/app/hard
                          target: /var/lib/app/original
                          hard: true
                    """, """
                    {"ignition":{"version":"3.1.0"},
                     "storage":{"links":[
                       {"path":"/etc/localtime","target":"../usr/share/zoneinfo/UTC","overwrite":true,
                        "user":{"id":0},"group":{"name":"root"}},
                       {"path":"/var/lib/app/hard","target":"/var/lib/app/original","hard":true}]}}
                    """);
        }

        @Test
        void systemdUnitsKeepContentsEnabledMaskAndDropins() {
            assertTranslation("""
                    variant: fcos
                    version: 1.5.0
                    systemd:
                      units:
                        - name: hello.service
                          enabled: true
                          contents: |
                            [Service]
                            ExecStart=/usr/bin/echo hello
                            [Install]
                            WantedBy=multi-user.target
                        - name: zincati.service
                          mask: true
                        - name: docker.service
                          enabled: false
                          dropins:
                            - name: 10-proxy.conf
                              contents: |
                                [Service]
                                Environment=HTTP_PROXY=http://proxy:3128
                            - name: 20-empty.conf
                    """, """
                    {"ignition":{"version":"3.4.0"},
                     "systemd":{"units":[
                       {"name":"hello.service","enabled":true,
                        "contents":"[Service]\\nExecStart=/usr/bin/echo hello\\n[Install]\\nWantedBy=multi-user.target\\n"},
                       {"name":"zincati.service","mask":true},
                       {"name":"docker.service","enabled":false,"dropins":[
                         {"name":"10-proxy.conf","contents":"[Service]\\nEnvironment=HTTP_PROXY=http://proxy:3128\\n"},
                         {"name":"20-empty.conf"}]}]}}
                    """);
        }

        @Test
        void usersAreTranslatedWithSshKeysPasswordHashAndGroups() {
            assertTranslation("""
                    variant: fcos
                    version: 1.6.0
                    passwd:
                      users:
                        - name: core
                          password_hash: $y$j9T$abc$def
                          ssh_authorized_keys:
                            - ssh-ed25519 AAAAC3Nza first@example
                            - ssh-rsa AAAAB3Nza second@example
                          groups: [wheel, docker]
                        - name: svc
                          uid: 1500
                          gecos: Service account
                          home_dir: /var/lib/svc
                          no_create_home: true
                          primary_group: svc
                          no_user_group: true
                          no_log_init: true
                          shell: /sbin/nologin
                          system: true
                        - name: olduser
                          should_exist: false
                    """, """
                    {"ignition":{"version":"3.5.0"},
                     "passwd":{"users":[
                       {"name":"core","passwordHash":"$y$j9T$abc$def",
                        "sshAuthorizedKeys":["ssh-ed25519 AAAAC3Nza first@example","ssh-rsa AAAAB3Nza second@example"],
                        "groups":["wheel","docker"]},
                       {"name":"svc","uid":1500,"gecos":"Service account","homeDir":"/var/lib/svc","noCreateHome":true,
                        "primaryGroup":"svc","noUserGroup":true,"noLogInit":true,"shell":"/sbin/nologin","system":true},
                       {"name":"olduser","shouldExist":false}]}}
                    """);
        }

        @Test
        void passwdGroupsAreTranslated() {
            assertTranslation("""
                    variant: fcos
                    version: 1.2.0
                    passwd:
                      groups:
                        - name: app
                          gid: 2000
                          password_hash: "*"
                          system: true
                        - name: legacy
                          should_exist: false
                    """, """
                    {"ignition":{"version":"3.2.0"},
                     "passwd":{"groups":[
                       {"name":"app","gid":2000,"passwordHash":"*","system":true},
                       {"name":"legacy","shouldExist":false}]}}
                    """);
        }

        @Test
        void disksWithPartitionsRenameSnakeCaseKeys() {
            assertTranslation("""
                    variant: fcos
                    version: 1.4.0
                    storage:
                      disks:
                        - device: /dev/disk/by-id/coreos-boot-disk
                          wipe_table: false
                          partitions:
                            - number: 4
                              label: root
                              size_mib: 8192
                              resize: true
                            - label: var
                              number: 0
                              start_mib: 0
                              size_mib: 0
                              type_guid: 0FC63DAF-8483-4772-8E79-3D69D8477DE4
                              guid: 8A6E7D5C-1B2A-4C3D-9E8F-112233445566
                              wipe_partition_entry: true
                            - number: 9
                              should_exist: false
                    """, """
                    {"ignition":{"version":"3.3.0"},
                     "storage":{"disks":[{"device":"/dev/disk/by-id/coreos-boot-disk","wipeTable":false,"partitions":[
                       {"number":4,"label":"root","sizeMiB":8192,"resize":true},
                       {"label":"var","number":0,"startMiB":0,"sizeMiB":0,
                        "typeGuid":"0FC63DAF-8483-4772-8E79-3D69D8477DE4",
                        "guid":"8A6E7D5C-1B2A-4C3D-9E8F-112233445566","wipePartitionEntry":true},
                       {"number":9,"shouldExist":false}]}]}}
                    """);
        }

        @Test
        void filesystemsRenameMountOptionsAndWipeFilesystem() {
            assertTranslation("""
                    variant: fcos
                    version: 1.1.0
                    storage:
                      filesystems:
                        - device: /dev/disk/by-partlabel/var
                          format: xfs
                          path: /var
                          label: var
                          uuid: 5c4bd2d9-3c2d-4e0b-9a1f-0123456789ab
                          wipe_filesystem: true
                          options: [-m, reflink=1]
                          mount_options: [noatime, nodev]
                    """, """
                    {"ignition":{"version":"3.1.0"},
                     "storage":{"filesystems":[{"device":"/dev/disk/by-partlabel/var","format":"xfs","path":"/var",
                       "label":"var","uuid":"5c4bd2d9-3c2d-4e0b-9a1f-0123456789ab","wipeFilesystem":true,
                       "options":["-m","reflink=1"],"mountOptions":["noatime","nodev"]}]}}
                    """);
        }

        @Test
        void raidArraysPassThrough() {
            assertTranslation("""
                    variant: fcos
                    version: 1.0.0
                    storage:
                      raid:
                        - name: data
                          level: raid1
                          devices:
                            - /dev/disk/by-partlabel/data1
                            - /dev/disk/by-partlabel/data2
                          spares: 1
                          options: [--metadata=1.2]
                    """, """
                    {"ignition":{"version":"3.0.0"},
                     "storage":{"raid":[{"name":"data","level":"raid1",
                       "devices":["/dev/disk/by-partlabel/data1","/dev/disk/by-partlabel/data2"],
                       "spares":1,"options":["--metadata=1.2"]}]}}
                    """);
        }

        @Test
        void luksDevicesWithKeyFileClevisAndCexAreTranslated() {
            assertTranslation("""
                    variant: fcos
                    version: 1.6.0
                    storage:
                      luks:
                        - name: data
                          device: /dev/disk/by-partlabel/data
                          label: luks-data
                          uuid: 0d3b9c2e-6f1a-4b5c-8d7e-9f0a1b2c3d4e
                          options: [--cipher, aes-xts-plain64]
                          wipe_volume: true
                          discard: true
                          open_options: [--perf-no_read_workqueue]
                          key_file:
                            inline: s3cret
                          clevis:
                            tpm2: true
                            threshold: 2
                            tang:
                              - url: http://tang.example.com
                                thumbprint: REilPyeM
                                advertisement: '{"payload":"x"}'
                        - name: custom
                          device: /dev/sdb
                          clevis:
                            custom:
                              pin: sss
                              config: '{"t":1,"pins":{"tpm2":{}}}'
                              needs_network: false
                        - name: ibm
                          device: /dev/dasdb1
                          cex:
                            enabled: true
                    """, """
                    {"ignition":{"version":"3.5.0"},
                     "storage":{"luks":[
                       {"name":"data","device":"/dev/disk/by-partlabel/data","label":"luks-data",
                        "uuid":"0d3b9c2e-6f1a-4b5c-8d7e-9f0a1b2c3d4e","options":["--cipher","aes-xts-plain64"],
                        "wipeVolume":true,"discard":true,"openOptions":["--perf-no_read_workqueue"],
                        "keyFile":{"compression":"","source":"data:,s3cret"},
                        "clevis":{"tpm2":true,"threshold":2,"tang":[{"url":"http://tang.example.com",
                          "thumbprint":"REilPyeM","advertisement":"{\\"payload\\":\\"x\\"}"}]}},
                       {"name":"custom","device":"/dev/sdb","clevis":{"custom":{"pin":"sss",
                         "config":"{\\"t\\":1,\\"pins\\":{\\"tpm2\\":{}}}","needsNetwork":false}}},
                       {"name":"ibm","device":"/dev/dasdb1","cex":{"enabled":true}}]}}
                    """);
        }

        @Test
        void kernelArgumentsBecomeKernelArgumentsFromFcos14() {
            assertTranslation("""
                    variant: fcos
                    version: 1.4.0
                    kernel_arguments:
                      should_exist:
                        - console=ttyS0,115200n8
                        - systemd.unified_cgroup_hierarchy=1
                      should_not_exist:
                        - mitigations=auto,nosmt
                    """, """
                    {"ignition":{"version":"3.3.0"},
                     "kernelArguments":{"shouldExist":["console=ttyS0,115200n8","systemd.unified_cgroup_hierarchy=1"],
                                        "shouldNotExist":["mitigations=auto,nosmt"]}}
                    """);
        }

        @Test
        void ignitionSectionKeepsConfigTimeoutsSecurityAndProxyWithCamelCaseKeys() {
            assertTranslation("""
                    variant: fcos
                    version: 1.5.0
                    ignition:
                      config:
                        merge:
                          - source: https://example.com/base.ign
                            verification:
                              hash: sha512-00ff
                          - inline: '{"ignition":{"version":"3.4.0"}}'
                            compression: ""
                      timeouts:
                        http_response_headers: 20
                        http_total: 120
                      security:
                        tls:
                          certificate_authorities:
                            - source: https://example.com/ca.pem
                              http_headers:
                                - name: Token
                                  value: t
                      proxy:
                        http_proxy: http://proxy:3128
                        https_proxy: http://proxy:3128
                        no_proxy: [localhost, .cluster.local]
                    """, """
                    {"ignition":{"version":"3.4.0",
                      "config":{"merge":[
                        {"source":"https://example.com/base.ign","verification":{"hash":"sha512-00ff"}},
                        {"compression":"","source":"data:;base64,eyJpZ25pdGlvbiI6eyJ2ZXJzaW9uIjoiMy40LjAifX0="}]},
                      "timeouts":{"httpResponseHeaders":20,"httpTotal":120},
                      "security":{"tls":{"certificateAuthorities":[{"source":"https://example.com/ca.pem",
                        "httpHeaders":[{"name":"Token","value":"t"}]}]}},
                      "proxy":{"httpProxy":"http://proxy:3128","httpsProxy":"http://proxy:3128",
                               "noProxy":["localhost",".cluster.local"]}}}
                    """);
        }

        @Test
        void outputIsCompactUtf8JsonWithIgnitionFirst() {
            String out = new String(translator.translate("""
                    storage:
                      files:
                        - path: /etc/motd
                          contents:
                            inline: hi
                    version: 1.2.0
                    variant: fcos
                    """.getBytes(UTF_8)), UTF_8);

            assertThat(out).isEqualTo(
                    "{\"ignition\":{\"version\":\"3.2.0\"},"
                            + "\"storage\":{\"files\":[{\"path\":\"/etc/motd\",\"contents\":{\"compression\":\"\",\"source\":\"data:,hi\"}}]}}");
        }

        @Test
        void translatorIsReusableAcrossDocuments() {
            byte[] first = translator.translate("variant: fcos\nversion: 1.0.0\n".getBytes(UTF_8));
            byte[] second = translator.translate("variant: fcos\nversion: 1.6.0\n".getBytes(UTF_8));

            assertThat(tree(first)).isEqualTo(tree("{\"ignition\":{\"version\":\"3.0.0\"}}"));
            assertThat(tree(second)).isEqualTo(tree("{\"ignition\":{\"version\":\"3.5.0\"}}"));
        }
    }

    /** Configs butane refuses, each with the YAML path butane's report names (without its leading {@code $.}). */
    @Nested
    class Refuses {
        @Test
        void localFileContentsBecauseThereIsNoFilesDir() {
            ButaneException e = assertRefused("""
                    variant: fcos
                    version: 1.5.0
                    storage:
                      files:
                        - path: /etc/motd
                          contents:
                            local: motd.txt
                    """, "storage.files.0.contents.local");
            assertThat(e.getMessage()).contains("files-dir");
        }

        @Test
        void everyOtherFilesDirFeature() {
            assertRefused("""
                    variant: fcos
                    version: 1.5.0
                    storage:
                      trees:
                        - local: overlay
                          path: /
                    """, "storage.trees.0");
            assertRefused("""
                    variant: fcos
                    version: 1.5.0
                    systemd:
                      units:
                        - name: a.service
                          dropins:
                            - name: x.conf
                              contents_local: x.conf
                    """, "systemd.units.0.dropins.0.contents_local");
            assertRefused("""
                    variant: fcos
                    version: 1.5.0
                    passwd:
                      users:
                        - name: core
                          ssh_authorized_keys_local: [id_ed25519.pub]
                    """, "passwd.users.0.ssh_authorized_keys_local");
            assertRefused("""
                    variant: fcos
                    version: 1.5.0
                    ignition:
                      config:
                        merge:
                          - local: base.ign
                    """, "ignition.config.merge.0.local");
        }

        @Test
        void aTreeWithoutLocalIsRefusedByValidationFirst() {
            ButaneException e = assertRefused("""
                    variant: fcos
                    version: 1.5.0
                    storage:
                      trees:
                        - path: /
                    """, "storage.trees.0");
            assertThat(e.getMessage()).contains("local is required");
        }

        @Test
        void inlineTogetherWithSourceAtTheLastSourceButaneChecks() {
            // base/v0_5/validate.go: local, inline, source are counted in that order; the last one set is named
            ButaneException e = assertRefused("""
                    variant: fcos
                    version: 1.5.0
                    storage:
                      files:
                        - path: /etc/motd
                          contents:
                            inline: hi
                            source: https://example.com/motd
                    """, "storage.files.0.contents.source");
            assertThat(e.getMessage()).contains("only one of the following can be set: inline, local, source");
            assertRefused("""
                    variant: fcos
                    version: 1.0.0
                    storage:
                      files:
                        - path: /etc/motd
                          contents:
                            inline: hi
                            source: https://example.com/motd
                    """, "storage.files.0.contents.inline");
        }

        @Test
        void unitContentsAndContentsLocalTogether() {
            assertRefused("""
                    variant: fcos
                    version: 1.5.0
                    systemd:
                      units:
                        - name: a.service
                          contents: "[Unit]"
                          contents_local: a.service
                    """, "systemd.units.0.contents_local");
        }

        @Test
        void duplicateFilePathsAtTheSecondEntry() {
            ButaneException e = assertRefused("""
                    variant: fcos
                    version: 1.5.0
                    storage:
                      files:
                        - path: /etc/motd
                        - path: /etc/motd
                    """, "storage.files.1");
            assertThat(e.getMessage()).isEqualTo("storage.files.1: duplicate entry defined");
        }

        @Test
        void aFileAndADirectoryAtOnePath() {
            assertRefused("""
                    variant: fcos
                    version: 1.5.0
                    storage:
                      directories:
                        - path: /etc/app
                      files:
                        - path: /etc/app
                    """, "storage.files.0");
        }

        @Test
        void duplicateUnitsAndSshKeys() {
            assertRefused("""
                    variant: fcos
                    version: 1.4.0
                    systemd:
                      units:
                        - name: a.service
                        - name: b.service
                        - name: a.service
                    """, "systemd.units.2");
            assertRefused("""
                    variant: fcos
                    version: 1.4.0
                    passwd:
                      users:
                        - name: core
                          ssh_authorized_keys: [ssh-ed25519 AAAA, ssh-ed25519 AAAA]
                    """, "passwd.users.0.ssh_authorized_keys.1");
        }

        @Test
        void aDuplicateAfterGeneratedEntriesIsReportedAtTheUsersOwnIndex() {
            // the mount unit is merged in first, so the second user unit is units.2 in Ignition but units.1 in YAML
            assertRefused("""
                    variant: fcos
                    version: 1.5.0
                    storage:
                      filesystems:
                        - device: /dev/vdb
                          format: xfs
                          path: /var/data
                          with_mount_unit: true
                    systemd:
                      units:
                        - name: x.service
                        - name: x.service
                    """, "systemd.units.1");
        }

        @Test
        void manyErrorsMakeOneLine() {
            StringBuilder yaml = new StringBuilder("variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n");
            for (int i = 0; i < 50; i++) {
                yaml.append("    - path: /etc/same\n");
            }
            ButaneException e = assertRefused(yaml.toString(), "storage.files.1");
            assertThat(e.getMessage()).contains("and 48 more: storage.files.2: duplicate entry defined")
                    .endsWith("; …").doesNotContain("storage.files.13").doesNotContain("\n");
        }

        @Test
        void mountUnitWithoutFormatOrPath() {
            assertRefused("""
                    variant: fcos
                    version: 1.5.0
                    storage:
                      filesystems:
                        - device: /dev/vdb
                          with_mount_unit: true
                    """, "storage.filesystems.0.format");
            assertRefused("""
                    variant: fcos
                    version: 1.5.0
                    storage:
                      filesystems:
                        - device: /dev/vdb
                          format: xfs
                          with_mount_unit: true
                    """, "storage.filesystems.0.path");
        }

        @Test
        void mountUnitOutsideEtcAndVarFromFcos16() {
            String config = """
                    variant: fcos
                    version: %s
                    storage:
                      filesystems:
                        - device: /dev/vdb
                          format: xfs
                          path: /srv
                          with_mount_unit: true
                    """;
            ButaneException e = assertRefused(config.formatted("1.6.0"), "storage.filesystems.0.path");
            assertThat(e.getMessage()).contains("must be under /etc or /var");
            assertThat(translator.translate(config.formatted("1.5.0").getBytes(UTF_8))).isNotEmpty();
        }

        @Test
        void bootDeviceMistakes() {
            assertRefused("""
                    variant: fcos
                    version: 1.7.0
                    boot_device:
                      layout: x86_64
                      mirror:
                        devices: [/dev/sda]
                    """, "boot_device.mirror.devices");
            assertRefused("""
                    variant: fcos
                    version: 1.7.0
                    boot_device:
                      layout: sparc
                      luks:
                        tpm2: true
                    """, "boot_device.layout");
            assertRefused("""
                    variant: fcos
                    version: 1.5.0
                    boot_device:
                      layout: s390x-eckd
                      luks:
                        tpm2: true
                    """, "boot_device.layout");
            assertRefused("""
                    variant: fcos
                    version: 1.7.0
                    boot_device:
                      mirror:
                        devices: [/dev/sda, /dev/sdb]
                    """, "boot_device.mirror");
            assertRefused("""
                    variant: fcos
                    version: 1.6.0
                    boot_device:
                      layout: s390x-zfcp
                      luks:
                        tpm2: true
                    """, "boot_device.layout");
            assertRefused("""
                    variant: fcos
                    version: 1.6.0
                    boot_device:
                      layout: x86_64
                      luks:
                        cex:
                          enabled: true
                    """, "boot_device.layout");
        }

        @Test
        void grubUserWithoutPasswordHash() {
            assertRefused("""
                    variant: fcos
                    version: 1.5.0
                    grub:
                      users:
                        - name: root
                    """, "grub.users.0.password_hash");
        }

        @Test
        void missingOrEmptyVariant() {
            assertRefused("version: 1.5.0\n", "variant");
            assertRefused("", "variant");
            assertRefused("# nothing here\n", "variant");
        }

        @Test
        void unknownVariantOrVersion() {
            ButaneException e = assertRefused("variant: coreos\nversion: 1.0.0\n", "variant");
            assertThat(e.getMessage()).contains("No translator exists for variant coreos with version 1.0.0");
            e = assertRefused("variant: fcos\nversion: 1.9.0\n", "version");
            assertThat(e.getMessage()).contains("No translator exists for variant fcos with version 1.9.0");
            assertRefused("variant: fcos\nversion: 1.7.0-experimental\n", "version");
            assertRefused("variant: flatcar\nversion: 1.2.0\n", "version");
        }

        @ParameterizedTest
        @CsvSource({"1.5", "''", "v1.5.0", "latest"})
        void versionThatIsNotSemver(String version) {
            ButaneException e = assertRefused("variant: fcos\nversion: " + version + "\n", "version");
            assertThat(e.getMessage()).contains("must be a valid semver");
        }

        @Test
        void rhcosAsButaneDoes() {
            ButaneException e = assertRefused("variant: rhcos\nversion: 0.1.0\n", "variant");
            assertThat(e.getMessage()).contains("use openshift variant instead");
        }

        @Test
        void valueOfTheWrongTypeWithPathAndLine() {
            ButaneException e = assertRefused("""
                    variant: fcos
                    version: 1.5.0
                    storage:
                      files:
                        - path: /etc/motd
                          mode: rw-r--r--
                    """, "storage.files.0.mode");
            assertThat(e.getMessage()).contains("cannot unmarshal !!str `rw-r--r--` into int").contains("line 6");
            assertRefused("""
                    variant: fcos
                    version: 1.5.0
                    storage:
                      files: /etc/motd
                    """, "storage.files");
        }

        @Test
        void quotedModeAsGoYamlDoes() {
            ButaneException e = assertRefused("""
                    variant: fcos
                    version: 1.5.0
                    storage:
                      files:
                        - path: /etc/motd
                          mode: "0o644"
                    """, "storage.files.0.mode");
            assertThat(e.getMessage()).contains("!!str `0o644`");
        }

        @Test
        void invalidYamlWithItsLineNumber() {
            ButaneException e = assertRefused("""
                    variant: fcos
                    version: 1.5.0
                    storage: [files,
                      : broken
                    """, "");
            assertThat(e.getMessage()).contains("invalid YAML").contains("line 4");
        }

        @Test
        void duplicateKeys() {
            ButaneException e = assertRefused("variant: fcos\nversion: 1.5.0\nversion: 1.4.0\n", "");
            assertThat(e.getMessage()).contains("line 3").contains("\"version\" already defined at line 2");
        }

        @Test
        void documentThatIsNotAMapping() {
            assertRefused("- variant: fcos\n", "");
        }

        @Test
        void inputLargerThanOneMebibyte() {
            byte[] huge = new byte[ButaneTranslator.MAX_DOCUMENT_BYTES + 1];
            java.util.Arrays.fill(huge, (byte) '#');

            ButaneException e = catchThrowableOfType(ButaneException.class, () -> translator.translate(huge));

            assertThat(e.field()).isEmpty();
            assertThat(e.getMessage()).contains("1 MiB");
        }

        @Test
        void anAnchorThatContainsItself() {
            ButaneException e = assertRefused("variant: fcos\nversion: 1.5.0\nx: &a [*a]\n", "");
            assertThat(e.getMessage()).contains("contains itself");
        }

        @Test
        void anAliasBombIsRefusedNotExpanded() {
            StringBuilder yaml = new StringBuilder("variant: fcos\nversion: 1.5.0\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
            for (int i = 1; i < 12; i++) {
                yaml.append("a").append(i).append(": &a").append(i).append(" [");
                for (int j = 0; j < 10; j++) {
                    yaml.append(j > 0 ? ", " : "").append("*a").append(i - 1);
                }
                yaml.append("]\n");
            }
            assertRefused(yaml.toString(), "");
        }
    }

    /** What butane only warns about: translated (or dropped) with a warning at a YAML path. */
    @Nested
    class Warns {
        @Test
        void unknownKeysAreDroppedWithAWarningAtTheirPath() {
            Translation t = translator.translateWithWarnings("""
                    variant: fcos
                    version: 1.5.0
                    networkd:
                      units: []
                    storage:
                      files:
                        - path: /etc/motd
                          owner: core
                    passwd:
                      users:
                        - name: core
                          sshAuthorizedKeys: [ssh-ed25519 AAAA]
                    """.getBytes(UTF_8));

            assertThat(tree(t.json())).isEqualTo(tree("""
                    {"ignition":{"version":"3.4.0"},"passwd":{"users":[{"name":"core"}]},
                     "storage":{"files":[{"path":"/etc/motd"}]}}
                    """));
            assertThat(t.warnings()).containsExactly(
                    new ButaneWarning("networkd", "unused key networkd"),
                    new ButaneWarning("storage.files.0.owner", "unused key owner"),
                    new ButaneWarning("passwd.users.0.sshAuthorizedKeys", "unused key sshAuthorizedKeys"));
        }

        @Test
        void keysAnOlderVersionLacksAreUnknownThere() {
            // fcos 1.1 has no luks (base v0_2), fcos 1.0 no http_headers and no inline on merged configs (base v0_1),
            // fcos 1.4 no LUKS discard, fcos 1.3 no kernel_arguments
            assertThat(warningsOf("""
                    variant: fcos
                    version: 1.1.0
                    storage:
                      luks:
                        - name: data
                          device: /dev/sdb
                    """)).containsExactly("storage.luks: unused key luks");
            assertThat(warningsOf("""
                    variant: fcos
                    version: 1.0.0
                    storage:
                      files:
                        - path: /etc/motd
                          contents:
                            source: https://example.com/motd
                            http_headers:
                              - name: A
                                value: b
                    """)).containsExactly("storage.files.0.contents.http_headers: unused key http_headers");
            assertThat(warningsOf("""
                    variant: fcos
                    version: 1.4.0
                    storage:
                      luks:
                        - name: data
                          device: /dev/sdb
                          discard: true
                    """)).containsExactly("storage.luks.0.discard: unused key discard");
            assertThat(warningsOf("""
                    variant: fcos
                    version: 1.3.0
                    kernel_arguments:
                      should_exist: [quiet]
                    """)).containsExactly("kernel_arguments: unused key kernel_arguments");
        }

        @Test
        void fcos10HasNoInlineMergedConfigsSoTheEntryKeepsOnlyIgnitionsNullSource() {
            // base/v0_1/schema.go: ConfigReference has source and verification only; Ignition 3.0 writes "source": null
            Translation t = translator.translateWithWarnings("""
                    variant: fcos
                    version: 1.0.0
                    ignition:
                      config:
                        merge:
                          - inline: '{"ignition":{"version":"3.0.0"}}'
                    """.getBytes(UTF_8));
            assertThat(tree(t.json())).isEqualTo(tree(
                    "{\"ignition\":{\"version\":\"3.0.0\",\"config\":{\"merge\":[{\"source\":null}]}}}"));
            assertThat(t.warnings()).extracting(ButaneWarning::toString)
                    .containsExactly("ignition.config.merge.0.inline: unused key inline");
        }

        @Test
        void anInlineMergedConfigForAnotherIgnitionVersionIsNotValidated() {
            // base/v0_5/util.go ValidateIgnitionConfig: an unknown version only warns, at <resource>.version
            assertThat(warningsOf("""
                    variant: fcos
                    version: 1.5.0
                    ignition:
                      config:
                        replace:
                          inline: '{"ignition":{"version":"3.0.0"}}'
                    """)).containsExactly("ignition.config.replace.version: skipping validation for the merge/replace "
                    + "ignition config due to an unkown version");
            assertRefused("""
                    variant: fcos
                    version: 1.5.0
                    ignition:
                      config:
                        replace:
                          inline: '{"ignition":'
                    """, "ignition.config.replace.inline");
        }

        @Test
        void aCleanConfigHasNoWarnings() {
            assertThat(warningsOf("variant: fcos\nversion: 1.7.0\nstorage:\n  files:\n    - path: /etc/motd\n"
                    + "      mode: 0644\n")).isEmpty();
        }

        @Test
        void aModeThatLooksDecimal() {
            assertThat(warningsOf("""
                    variant: fcos
                    version: 1.5.0
                    storage:
                      files:
                        - path: /etc/motd
                          mode: 644
                    """)).containsExactly("storage.files.0.mode: unreasonable mode would be reasonable if specified in "
                    + "octal; remember to add a leading zero");
        }

        @Test
        void partitionsReusedByLabelAndMisnumberedReservedLabels() {
            assertThat(warningsOf("""
                    variant: fcos
                    version: 1.6.0
                    storage:
                      disks:
                        - device: /dev/vdb
                          partitions:
                            - label: data
                        - device: /dev/disk/by-id/coreos-boot-disk
                          partitions:
                            - label: root
                              number: 5
                              size_mib: 10000
                    """)).containsExactly(
                    "storage.disks.0.partitions.0.number: " + "partitions cannot be reused by label; number must be "
                            + "specified except on boot disk (/dev/disk/by-id/coreos-boot-disk) or when wipe_table is true",
                    "storage.disks.1.partitions.0.label: incorrect partition number; a new partition will be created "
                            + "using reserved label");
        }

        @Test
        void aMirrorWithoutLayoutBeforeFcos17() {
            assertThat(warningsOf("""
                    variant: fcos
                    version: 1.6.0
                    boot_device:
                      mirror:
                        devices: [/dev/sda, /dev/sdb]
                    """)).containsExactly("boot_device.mirror: boot_device.layout should be specified when "
                    + "boot_device.mirror is specified");
        }

        @Test
        void strictModeRefusesWhatButaneOnlyWarnsAbout() {
            ButaneTranslator strict = new ButaneTranslator(new ButaneOptions(true));
            byte[] config = """
                    variant: fcos
                    version: 1.5.0
                    colour: blue
                    storage:
                      files:
                        - path: /etc/motd
                          mode: 644
                    """.getBytes(UTF_8);

            ButaneException e = catchThrowableOfType(ButaneException.class, () -> strict.translate(config));

            assertThat(e.field()).isEqualTo("colour");
            assertThat(e.getMessage()).startsWith("colour: unused key colour")
                    .contains("storage.files.0.mode: unreasonable mode").contains("strict");
            assertThat(new ButaneTranslator(ButaneOptions.defaults()).translate(config)).isNotEmpty();
            assertThat(strict.translate("variant: fcos\nversion: 1.5.0\n".getBytes(UTF_8))).isNotEmpty();
        }
    }

    /** Every variant and version butane v0.28.0 registers, and what each variant adds or forbids. */
    @Nested
    class Variants {
        @ParameterizedTest(name = "{0} {1} -> Ignition {2}")
        @CsvSource({
            "fcos, 1.7.0, 3.6.0",
            "fcos, 1.8.0-experimental, 3.7.0-experimental",
            "flatcar, 1.0.0, 3.3.0",
            "flatcar, 1.1.0, 3.4.0",
            "flatcar, 1.2.0-experimental, 3.7.0-experimental",
            "r4e, 1.0.0, 3.3.0",
            "r4e, 1.1.0, 3.4.0",
            "r4e, 1.2.0-experimental, 3.7.0-experimental",
            "fiot, 1.0.0, 3.4.0",
            "fiot, 1.1.0-experimental, 3.7.0-experimental",
        })
        void eachVariantVersionTargetsItsIgnitionVersion(String variant, String version, String ignition) {
            assertTranslation("variant: " + variant + "\nversion: " + version + "\n",
                    "{\"ignition\":{\"version\":\"" + ignition + "\"}}");
        }

        @ParameterizedTest(name = "openshift {0} -> Ignition {1}")
        @CsvSource({
            "4.8.0, 3.2.0", "4.9.0, 3.2.0", "4.10.0, 3.2.0", "4.11.0, 3.2.0", "4.12.0, 3.2.0", "4.13.0, 3.2.0",
            "4.14.0, 3.4.0", "4.15.0, 3.4.0", "4.16.0, 3.4.0", "4.17.0, 3.4.0", "4.18.0, 3.4.0",
            "4.19.0, 3.5.0", "4.20.0, 3.5.0", "4.21.0, 3.5.0", "4.22.0, 3.6.0",
            "4.23.0-experimental, 3.7.0-experimental",
        })
        void openshiftIsPlainIgnitionInRawMode(String version, String ignition) {
            assertTranslation(openshift(version, ""), "{\"ignition\":{\"version\":\"" + ignition + "\"}}");
        }

        @Test
        void openshiftStillNeedsNameAndRoleAsButaneValidatesMetadata() {
            assertRefused("variant: openshift\nversion: 4.14.0\n", "metadata.name");
            assertRefused("variant: openshift\nversion: 4.14.0\nmetadata:\n  name: x\n", "metadata.labels");
        }

        @Test
        void openshiftRefusesWhatTheMachineConfigOperatorCannotApply() {
            assertRefused(openshift("4.14.0", """
                    passwd:
                      users:
                        - name: admin
                    """), "passwd.users.0.name");
            assertRefused(openshift("4.14.0", """
                    storage:
                      files:
                        - path: /etc/x
                          contents:
                            source: https://example.com/x
                    """), "storage.files.0.contents.source");
            assertRefused(openshift("4.14.0", """
                    storage:
                      filesystems:
                        - device: /dev/vdb
                          format: btrfs
                    """), "storage.filesystems.0.format");
            String setuid = """
                    storage:
                      files:
                        - path: /usr/local/bin/x
                          mode: 04755
                          contents:
                            inline: x
                    """;
            assertRefused(openshift("4.10.0", setuid), "storage.files.0.mode");
            assertThat(translator.translate(openshift("4.9.0", setuid).getBytes(UTF_8))).isNotEmpty();
        }

        @Test
        void openshiftFieldsForAMachineConfigAreDroppedWithAWarningAndFipsAddsTheLuksCipher() {
            Translation t = translator.translateWithWarnings(openshift("4.13.0", """
                    openshift:
                      kernel_arguments: [loglevel=7]
                      fips: true
                    storage:
                      luks:
                        - name: data
                          device: /dev/vdb
                    """).getBytes(UTF_8));

            assertThat(tree(t.json())).isEqualTo(tree("""
                    {"ignition":{"version":"3.2.0"},"storage":{"luks":[{"device":"/dev/vdb","name":"data",
                      "options":["--cipher","aes-cbc-essiv:sha256"]}]}}
                    """));
            assertThat(t.warnings()).extracting(ButaneWarning::toString).containsExactly(
                    "openshift.kernel_arguments: field ignored in raw mode", "openshift.fips: field ignored in raw mode");
        }

        @Test
        void openshiftFrom419NeedsTheCexKernelArgumentForACexRootVolume() {
            String config = """
                    boot_device:
                      layout: s390x-eckd
                      luks:
                        device: /dev/dasda
                        cex:
                          enabled: true
                    """;
            assertRefused(openshift("4.19.0", config), "openshift.kernel_arguments");
            assertThat(translator.translate(openshift("4.19.0", config
                    + "openshift:\n  kernel_arguments: [rd.luks.key=/etc/luks/cex.key]\n").getBytes(UTF_8))).isNotEmpty();
        }

        @Test
        void flatcarHasNoClevisR4eAndFiotManageNoDisks() {
            assertRefused("""
                    variant: flatcar
                    version: 1.1.0
                    storage:
                      luks:
                        - name: data
                          device: /dev/vdb
                          clevis:
                            tpm2: true
                    """, "storage.luks.0.clevis");
            assertRefused("""
                    variant: r4e
                    version: 1.0.0
                    storage:
                      disks:
                        - device: /dev/vdb
                          wipe_table: true
                    """, "storage.disks");
            assertRefused("""
                    variant: fiot
                    version: 1.0.0
                    kernel_arguments:
                      should_exist: [quiet]
                    """, "kernel_arguments");
        }

        @Test
        void flatcarHasNoBootDeviceSugar() {
            assertThat(warningsOf("""
                    variant: flatcar
                    version: 1.1.0
                    boot_device:
                      luks:
                        tpm2: true
                    """)).containsExactly("boot_device: unused key boot_device");
        }

        private static String openshift(String version, String body) {
            return "variant: openshift\nversion: " + version + "\nmetadata:\n  name: worker-custom\n  labels:\n"
                    + "    machineconfiguration.openshift.io/role: worker\n" + body;
        }
    }

    /** The sugar, against the expected configs of butane's own tests (the source is named per case). */
    @Nested
    class Sugar {
        @Test
        void bootDeviceLuksOnX86() {
            // config/fcos/v1_7/translate_test.go TestTranslateBootDevice "LUKS, x86_64"
            assertTranslation("""
                    variant: fcos
                    version: 1.7.0
                    boot_device:
                      luks:
                        discard: true
                        tang:
                          - url: https://example.com/
                            thumbprint: z
                        threshold: 2
                        tpm2: true
                    """, """
                    {"ignition":{"version":"3.6.0"},"storage":{
                      "filesystems":[{"device":"/dev/mapper/root","format":"xfs","label":"root","wipeFilesystem":true}],
                      "luks":[{"clevis":{"tang":[{"thumbprint":"z","url":"https://example.com/"}],"threshold":2,"tpm2":true},
                        "device":"/dev/disk/by-partlabel/root","discard":true,"label":"luks-root","name":"root",
                        "wipeVolume":true}]}}
                    """);
        }

        @Test
        void bootDeviceMirrorWithLuksOnAarch64() {
            // config/fcos/v1_7/translate_test.go TestTranslateBootDevice "2-disk mirror + LUKS, aarch64"
            assertTranslation("""
                    variant: fcos
                    version: 1.7.0
                    boot_device:
                      layout: aarch64
                      luks:
                        discard: true
                        tang:
                          - url: https://example.com/
                            thumbprint: z
                        threshold: 2
                        tpm2: true
                      mirror:
                        devices: [/dev/vda, /dev/vdb]
                    """, """
                    {"ignition":{"version":"3.6.0"},"storage":{
                      "disks":[
                        {"device":"/dev/vda","partitions":[
                          {"label":"reserved-1","sizeMiB":1,"typeGuid":"8DA63339-0007-60C0-C436-083AC8230908"},
                          {"label":"esp-1","sizeMiB":127,"typeGuid":"C12A7328-F81F-11D2-BA4B-00A0C93EC93B"},
                          {"label":"boot-1","sizeMiB":384},{"label":"root-1"}],"wipeTable":true},
                        {"device":"/dev/vdb","partitions":[
                          {"label":"reserved-2","sizeMiB":1,"typeGuid":"8DA63339-0007-60C0-C436-083AC8230908"},
                          {"label":"esp-2","sizeMiB":127,"typeGuid":"C12A7328-F81F-11D2-BA4B-00A0C93EC93B"},
                          {"label":"boot-2","sizeMiB":384},{"label":"root-2"}],"wipeTable":true}],
                      "filesystems":[
                        {"device":"/dev/disk/by-partlabel/esp-1","format":"vfat","label":"esp-1","wipeFilesystem":true},
                        {"device":"/dev/disk/by-partlabel/esp-2","format":"vfat","label":"esp-2","wipeFilesystem":true},
                        {"device":"/dev/md/md-boot","format":"ext4","label":"boot","wipeFilesystem":true},
                        {"device":"/dev/mapper/root","format":"xfs","label":"root","wipeFilesystem":true}],
                      "luks":[{"clevis":{"tang":[{"thumbprint":"z","url":"https://example.com/"}],"threshold":2,"tpm2":true},
                        "device":"/dev/md/md-root","discard":true,"label":"luks-root","name":"root","wipeVolume":true}],
                      "raid":[
                        {"devices":["/dev/disk/by-partlabel/boot-1","/dev/disk/by-partlabel/boot-2"],"level":"raid1",
                         "name":"md-boot","options":["--metadata=1.0"]},
                        {"devices":["/dev/disk/by-partlabel/root-1","/dev/disk/by-partlabel/root-2"],"level":"raid1",
                         "name":"md-root"}]}}
                    """);
        }

        @Test
        void bootDeviceOnS390xEckdUsesTheDasdPartitionAndTheUsersFilesystemSettingsWin() {
            // docs/config-fcos-v1_6.md: the LUKS device on s390x-eckd is partition 2 of the DASD;
            // a user filesystem with the same device is merged over the generated one (Ignition merge)
            assertTranslation("""
                    variant: fcos
                    version: 1.6.0
                    boot_device:
                      layout: s390x-eckd
                      luks:
                        device: /dev/dasda
                        tpm2: true
                    storage:
                      filesystems:
                        - device: /dev/mapper/root
                          format: ext4
                    """, """
                    {"ignition":{"version":"3.5.0"},"storage":{
                      "filesystems":[{"device":"/dev/mapper/root","format":"ext4","label":"root","wipeFilesystem":true}],
                      "luks":[{"clevis":{"tpm2":true},"device":"/dev/dasda2","label":"luks-root","name":"root",
                        "wipeVolume":true}]}}
                    """);
        }

        @Test
        void grubUsersBecomeUserCfg() {
            // config/fcos/v1_7/translate_test.go TestTranslateGrub "config with 1 user"
            assertTranslation("""
                    variant: fcos
                    version: 1.7.0
                    grub:
                      users:
                        - name: root
                          password_hash: grub.pbkdf2.sha512.10000.874A958E526409...
                    """, """
                    {"ignition":{"version":"3.6.0"},"storage":{
                      "files":[{"path":"/boot/grub2/user.cfg","append":[{"compression":"",
                        "source":"data:,%23%20Generated%20by%20Butane%0A%0Aset%20superusers%3D%22root%22%0Apassword_pbkdf2%20root%20grub.pbkdf2.sha512.10000.874A958E526409...%0A"}]}],
                      "filesystems":[{"device":"/dev/disk/by-label/boot","format":"ext4","path":"/boot"}]}}
                    """);
        }

        @Test
        void mountUnitWithOptionsAndTheUsersEnabledFlagWins() {
            // base/v0_7/translate_test.go TestTranslateMountUnit "local mount with options, overridden enabled flag"
            assertTranslation("""
                    variant: fcos
                    version: 1.7.0
                    storage:
                      filesystems:
                        - device: /dev/disk/by-label/foo
                          format: ext4
                          mount_options: [ro, noatime]
                          path: /var/lib/containers
                          with_mount_unit: true
                    systemd:
                      units:
                        - name: var-lib-containers.mount
                          enabled: false
                    """, """
                    {"ignition":{"version":"3.6.0"},
                     "storage":{"filesystems":[{"device":"/dev/disk/by-label/foo","format":"ext4",
                       "mountOptions":["ro","noatime"],"path":"/var/lib/containers"}]},
                     "systemd":{"units":[{"contents":"# Generated by Butane\\n[Unit]\\nRequires=systemd-fsck@dev-disk-by\\\\x2dlabel-foo.service\\nAfter=systemd-fsck@dev-disk-by\\\\x2dlabel-foo.service\\n\\n[Mount]\\nWhere=/var/lib/containers\\nWhat=/dev/disk/by-label/foo\\nType=ext4\\nOptions=ro,noatime\\n\\n[Install]\\nRequiredBy=local-fs.target",
                       "enabled":false,"name":"var-lib-containers.mount"}]}}
                    """);
        }

        @Test
        void mountUnitOnATangLuksVolumeIsRemote() {
            // base/v0_7/translate_test.go TestTranslateMountUnit "remote mount with options"
            JsonNode unit = tree(translator.translate("""
                    variant: fcos
                    version: 1.7.0
                    storage:
                      filesystems:
                        - device: /dev/mapper/foo-bar
                          format: ext4
                          mount_options: [ro, noatime]
                          path: /var/lib/containers
                          with_mount_unit: true
                      luks:
                        - name: foo-bar
                          device: /dev/bar
                          clevis:
                            tang:
                              - url: http://example.com
                                thumbprint: z
                    """.getBytes(UTF_8))).at("/systemd/units/0");
            assertThat(unit.get("name").asText()).isEqualTo("var-lib-containers.mount");
            assertThat(unit.get("contents").asText()).isEqualTo("""
                    # Generated by Butane
                    [Unit]
                    Requires=systemd-fsck@dev-mapper-foo\\x2dbar.service
                    After=systemd-fsck@dev-mapper-foo\\x2dbar.service

                    [Mount]
                    Where=/var/lib/containers
                    What=/dev/mapper/foo-bar
                    Type=ext4
                    Options=ro,noatime,_netdev

                    [Install]
                    RequiredBy=remote-fs.target""");
        }

        @Test
        void swapUnitIsNamedAfterTheDevice() {
            // base/v0_7/translate_test.go TestTranslateMountUnit "swap, no options"
            JsonNode unit = tree(translator.translate("""
                    variant: fcos
                    version: 1.5.0
                    storage:
                      filesystems:
                        - device: /dev/disk/by-label/foo
                          format: swap
                          with_mount_unit: true
                    """.getBytes(UTF_8))).at("/systemd/units/0");
            assertThat(unit.get("name").asText()).isEqualTo("dev-disk-by\\x2dlabel-foo.swap");
            assertThat(unit.get("enabled").asBoolean()).isTrue();
            assertThat(unit.get("contents").asText()).isEqualTo(
                    "# Generated by Butane\n[Swap]\nWhat=/dev/disk/by-label/foo\n\n[Install]\nRequiredBy=swap.target");
        }

        @Test
        void quadletsInTheExperimentalVersion() {
            // base/v0_8_exp/translate.go: files under /etc/containers/systemd, template instances as links
            assertTranslation("""
                    variant: fcos
                    version: 1.8.0-experimental
                    systemd:
                      quadlets:
                        - name: web@.container
                          rootful: true
                          contents: x
                        - name: web@8080.container
                          rootful: true
                    """, """
                    {"ignition":{"version":"3.7.0-experimental"},"storage":{
                      "files":[{"path":"/etc/containers/systemd/web@.container",
                        "contents":{"compression":"","source":"data:,x"},"mode":420}],
                      "links":[{"path":"/etc/containers/systemd/web@8080.container","target":"web@.container"}]}}
                    """);
        }
    }

    /** YAML as butane's go-yaml v3 reads it. */
    @Nested
    class Yaml {
        @Test
        void anchorsAliasesAndMergeKeys() {
            assertTranslation("""
                    variant: fcos
                    version: 1.5.0
                    x-user: &user
                      groups: [wheel]
                      shell: /bin/bash
                    passwd:
                      users:
                        - <<: *user
                          name: core
                        - <<: *user
                          name: admin
                          shell: /bin/zsh
                    """, """
                    {"ignition":{"version":"3.4.0"},"passwd":{"users":[
                      {"groups":["wheel"],"name":"core","shell":"/bin/bash"},
                      {"groups":["wheel"],"name":"admin","shell":"/bin/zsh"}]}}
                    """);
        }

        @Test
        void unquotedNumbersAndBooleansInTextFieldsAreTheirText() {
            assertTranslation("""
                    variant: fcos
                    version: 1.5.0
                    storage:
                      files:
                        - path: /etc/a
                          contents:
                            inline: 1
                        - path: /etc/b
                          contents:
                            inline: true
                        - path: /etc/c
                          contents:
                            inline: 0x1F
                    """, """
                    {"ignition":{"version":"3.4.0"},"storage":{"files":[
                      {"path":"/etc/a","contents":{"compression":"","source":"data:,1"}},
                      {"path":"/etc/b","contents":{"compression":"","source":"data:,true"}},
                      {"path":"/etc/c","contents":{"compression":"","source":"data:,0x1F"}}]}}
                    """);
        }

        @Test
        void modesInOctalHexAndDecimal() {
            assertTranslation("""
                    variant: fcos
                    version: 1.5.0
                    storage:
                      directories:
                        - path: /a
                          mode: 0755
                        - path: /b
                          mode: 0o750
                        - path: /c
                          mode: 0x1ED
                        - path: /d
                          mode: 493
                    """, """
                    {"ignition":{"version":"3.4.0"},"storage":{"directories":[
                      {"path":"/a","mode":493},{"path":"/b","mode":488},{"path":"/c","mode":493},{"path":"/d","mode":493}]}}
                    """);
        }

        @Test
        void yaml11BooleansInBooleanFieldsAndNullLeavesAFieldUnset() {
            assertTranslation("""
                    variant: fcos
                    version: 1.5.0
                    systemd:
                      units:
                        - name: a.service
                          enabled: yes
                          mask: off
                          contents: ~
                    """, """
                    {"ignition":{"version":"3.4.0"},"systemd":{"units":[{"enabled":true,"mask":false,"name":"a.service"}]}}
                    """);
        }

        @Test
        void onlyTheFirstDocumentCounts() {
            assertTranslation("variant: fcos\nversion: 1.5.0\n---\nvariant: nonsense\n",
                    "{\"ignition\":{\"version\":\"3.4.0\"}}");
        }
    }

    private List<String> warningsOf(String butane) {
        return translator.translateWithWarnings(butane.getBytes(UTF_8)).warnings().stream()
                .map(ButaneWarning::toString).toList();
    }

    private void assertTranslation(String butane, String expectedIgnition) {
        byte[] out = translator.translate(butane.getBytes(UTF_8));
        assertThat(tree(out)).isEqualTo(tree(expectedIgnition));
    }

    private ButaneException assertRefused(String butane, String field) {
        ButaneException e = catchThrowableOfType(ButaneException.class,
                () -> translator.translate(butane.getBytes(UTF_8)));
        assertThat(e).as("translating should fail for:%n%s", butane).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        if (!field.isEmpty()) {
            assertThat(e.getMessage()).startsWith(field + ": ");
        }
        return e;
    }

    private static JsonNode tree(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(json, UTF_8), e);
        }
    }

    private static JsonNode tree(String json) {
        return tree(json.getBytes(UTF_8));
    }
}
