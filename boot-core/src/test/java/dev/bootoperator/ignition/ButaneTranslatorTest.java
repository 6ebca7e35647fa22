package dev.bootoperator.ignition;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Expected Ignition JSON is written by hand from the Ignition config specs 3.0.0–3.5.0 and the Butane fcos
 * specs 1.0.0–1.6.0; outputs are compared as parsed JSON trees.
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
                       {"path":"/etc/motd","contents":{"source":"data:,hello%20world%0A"}},
                       {"path":"/etc/tabbed","contents":{"source":"data:,x%09y"}},
                       {"path":"/etc/empty","contents":{"source":"data:,"}}]}}
                    """);
        }

        @Test
        void inlineContentsEscapeReservedCharactersNewlinesAndUtf8ButKeepRfc2396Unreserved() {
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
                     "storage":{"files":[{"path":"/etc/special","contents":{"source":
                       "data:,a%20b%26c%3Dd%3Fe%23f%2Fg%3Ah%3Bi%2Cj%2Bk%25l%0A%22q%22%20'r'%20(s)%20*!~_.-%0Acaf%C3%A9%20%E6%97%A5%E6%9C%AC%0A"
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
                        "append":[{"source":"data:,10.0.0.1%20boot"},{"source":"http://10.0.0.1/hosts.extra"}]},
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
                        "keyFile":{"source":"data:,s3cret"},
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
                        {"source":"data:,%7B%22ignition%22%3A%7B%22version%22%3A%223.4.0%22%7D%7D","compression":""}]},
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
                            + "\"storage\":{\"files\":[{\"path\":\"/etc/motd\",\"contents\":{\"source\":\"data:,hi\"}}]}}");
        }

        @Test
        void translatorIsReusableAcrossDocuments() {
            byte[] first = translator.translate("variant: fcos\nversion: 1.0.0\n".getBytes(UTF_8));
            byte[] second = translator.translate("variant: fcos\nversion: 1.6.0\n".getBytes(UTF_8));

            assertThat(tree(first)).isEqualTo(tree("{\"ignition\":{\"version\":\"3.0.0\"}}"));
            assertThat(tree(second)).isEqualTo(tree("{\"ignition\":{\"version\":\"3.5.0\"}}"));
        }
    }

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
                    """, "storage.files[0].contents.local");
            assertThat(e.getMessage()).contains("not supported").contains("files-dir");
        }

        @Test
        void storageTrees() {
            assertRefused("""
                    variant: fcos
                    version: 1.5.0
                    storage:
                      trees:
                        - local: overlay
                          path: /
                    """, "storage.trees");
        }

        @Test
        void bootDeviceSugar() {
            assertRefused("""
                    variant: fcos
                    version: 1.5.0
                    boot_device:
                      mirror:
                        devices: [/dev/sda, /dev/sdb]
                    """, "boot_device");
        }

        @Test
        void grubSugar() {
            assertRefused("""
                    variant: fcos
                    version: 1.5.0
                    grub:
                      users:
                        - name: root
                          password_hash: grub.pbkdf2.sha512.10000.AA
                    """, "grub");
        }

        @Test
        void withMountUnitSugar() {
            assertRefused("""
                    variant: fcos
                    version: 1.5.0
                    storage:
                      filesystems:
                        - device: /dev/disk/by-partlabel/var
                          format: xfs
                          path: /var
                          with_mount_unit: true
                    """, "storage.filesystems[0].with_mount_unit");
        }

        @Test
        void localUnitContents() {
            assertRefused("""
                    variant: fcos
                    version: 1.5.0
                    systemd:
                      units:
                        - name: a.service
                          dropins:
                            - name: x.conf
                              contents_local: x.conf
                    """, "systemd.units[0].dropins[0].contents_local");
        }

        @Test
        void inlineTogetherWithSource() {
            ButaneException e = assertRefused("""
                    variant: fcos
                    version: 1.5.0
                    storage:
                      files:
                        - path: /etc/motd
                          contents:
                            inline: hi
                            source: https://example.com/motd
                    """, "storage.files[0].contents.inline");
            assertThat(e.getMessage()).contains("mutually exclusive");
        }

        @Test
        void unknownKeyInAKnownObject() {
            ButaneException e = assertRefused("""
                    variant: fcos
                    version: 1.5.0
                    storage:
                      files:
                        - path: /etc/motd
                          owner: core
                    """, "storage.files[0].owner");
            assertThat(e.getMessage()).contains("unknown key");
        }

        @Test
        void unknownTopLevelKey() {
            assertRefused("""
                    variant: fcos
                    version: 1.5.0
                    networkd:
                      units: []
                    """, "networkd");
        }

        @Test
        void ignitionCamelCaseSpellingInButane() {
            assertRefused("""
                    variant: fcos
                    version: 1.5.0
                    passwd:
                      users:
                        - name: core
                          sshAuthorizedKeys: [ssh-ed25519 AAAA]
                    """, "passwd.users[0].sshAuthorizedKeys");
        }

        @Test
        void missingVariant() {
            assertRefused("version: 1.5.0\n", "variant");
        }

        @Test
        void variantOtherThanFcos() {
            ButaneException e = assertRefused("variant: openshift\nversion: 4.14.0\n", "variant");
            assertThat(e.getMessage()).contains("openshift");
        }

        @Test
        void missingVersion() {
            assertRefused("variant: fcos\n", "version");
        }

        @ParameterizedTest
        @CsvSource({"1.7.0-experimental", "1.7.0", "2.0.0", "1.5", "'0.1.0'"})
        void unsupportedVersions(String version) {
            ButaneException e = assertRefused("variant: fcos\nversion: " + version + "\n", "version");
            assertThat(e.getMessage()).contains(version);
        }

        @Test
        void luksBeforeFcos12() {
            ButaneException e = assertRefused("""
                    variant: fcos
                    version: 1.1.0
                    storage:
                      luks:
                        - name: data
                          device: /dev/sdb
                    """, "storage.luks");
            assertThat(e.getMessage()).contains("fcos 1.1.0").contains("fcos 1.2.0");
        }

        @Test
        void luksDiscardBeforeFcos15() {
            assertRefused("""
                    variant: fcos
                    version: 1.4.0
                    storage:
                      luks:
                        - name: data
                          device: /dev/sdb
                          discard: true
                    """, "storage.luks[0].discard");
        }

        @Test
        void kernelArgumentsBeforeFcos14BecauseIgnition32LacksThem() {
            assertRefused("""
                    variant: fcos
                    version: 1.3.0
                    kernel_arguments:
                      should_exist: [quiet]
                    """, "kernel_arguments");
        }

        @Test
        void httpHeadersInFcos10() {
            assertRefused("""
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
                    """, "storage.files[0].contents.http_headers");
        }

        @Test
        void valueOfTheWrongType() {
            ButaneException e = assertRefused("""
                    variant: fcos
                    version: 1.5.0
                    storage:
                      files:
                        - path: /etc/motd
                          mode: rw-r--r--
                    """, "storage.files[0].mode");
            assertThat(e.getMessage()).contains("integer");
        }

        @Test
        void missingRequiredField() {
            assertRefused("""
                    variant: fcos
                    version: 1.5.0
                    storage:
                      links:
                        - path: /etc/localtime
                    """, "storage.links[0].target");
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
            assertThat(e.getMessage()).contains("line 3").contains("version");
        }

        @Test
        void yamlAliases() {
            ButaneException e = assertRefused("""
                    variant: fcos
                    version: 1.5.0
                    passwd:
                      users:
                        - &admin
                          name: core
                        - *admin
                    """, "");
            assertThat(e.getMessage()).contains("alias").contains("line 7");
        }

        @Test
        void severalYamlDocuments() {
            assertThat(assertRefused("variant: fcos\nversion: 1.5.0\n---\nvariant: fcos\n", "").getMessage())
                    .contains("multiple YAML documents");
        }

        @Test
        void emptyDocument() {
            assertRefused("", "");
            assertRefused("# nothing here\n", "");
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
