package dev.bootoperator.ipxe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bootoperator.config.IpxeBootConfig;
import dev.bootoperator.config.ObjectKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IpxeScriptsTest {
    static IpxeBootConfig config(Optional<String> squashfs) {
        return new IpxeBootConfig(ObjectKey.of("default", "n1"), "U-1", List.of(), Optional.empty(),
                "http://img/kernel?a=1&b=2", "http://img/initrd", squashfs, Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void chainScriptIsUpstreamsTemplateByteForByte() {
        // upstream templates/ipxe-chainload.tpl at 7ead83e, rendered with IPXEServerURL=http://10.0.0.1:8082 (no
        // newline after the last line, as there)
        assertThat(IpxeScripts.defaults().chainScript("http://10.0.0.1:8082")).isEqualTo("#!ipxe\n"
                + "\n"
                + "set ipxe-svc http://10.0.0.1:8082\n"
                + "\n"
                + "set base-url ${ipxe-svc}/ipxe\n"
                + "chain --replace --autofree ${base-url}/${uuid}");
    }

    @Test
    void chainScriptSetsBaseUrlBeforeChainingSoACustomScriptCanUseIt() {
        List<String> lines = IpxeScripts.defaults().chainScript("http://svc:8082").lines().toList();
        int set = lines.indexOf("set base-url ${ipxe-svc}/ipxe");
        int chain = lines.indexOf("chain --replace --autofree ${base-url}/${uuid}");
        assertThat(set).isGreaterThan(lines.indexOf("set ipxe-svc http://svc:8082"));
        assertThat(chain).isGreaterThan(set);
    }

    @Test
    void withoutASquashfsTheBootScriptHasNoSquashfsArguments() {
        String script = IpxeScripts.defaults().bootScript(config(Optional.empty()), "http://svc");
        assertThat(script).doesNotContain("gl.", "squashfs")
                .contains("kernel http://img/kernel?a=1&b=2 initrd=initrd ip=any ignition.firstboot=1 ");
    }

    @Test
    void bootScriptNamesTheInitrdSoItBootsUnderBiosAndEfi() {
        String script = IpxeScripts.defaults().bootScript(config(Optional.empty()), "http://svc");
        List<String> lines = script.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines.get(0)).isEqualTo("#!ipxe");
        assertThat(lines).contains("isset ${ipxe-svc} || set ipxe-svc http://svc");
        assertThat(lines).contains("kernel http://img/kernel?a=1&b=2 initrd=initrd ip=any ignition.firstboot=1 "
                + "ignition.config.url=${ipxe-svc}/ignition/${uuid} ignition.platform.id=metal console=ttyS0,115200 "
                + "console=tty0 console=ttyAMA0 earlyprintk=ttyS0,115200 consoleblank=0");
        assertThat(lines).contains("initrd --name initrd http://img/initrd");
        assertThat(lines.indexOf("initrd --name initrd http://img/initrd"))
                .isGreaterThan(lines.indexOf(lines.stream().filter(l -> l.startsWith("kernel ")).findFirst().orElseThrow()));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("boot");
        assertThat(script).doesNotContain("gl.url");
    }

    @Test
    void squashfsArgumentsAppearOnlyWithASquashfsUrl() {
        String script = IpxeScripts.defaults().bootScript(config(Optional.of("http://img/root.squashfs")), "http://svc");
        assertThat(script).contains("kernel http://img/kernel?a=1&b=2 initrd=initrd gl.ovl=/:tmpfs "
                + "gl.url=http://img/root.squashfs gl.live=1 ip=any ");
    }

    @Test
    void aUserTemplateReplacesTheShippedBootScript(@TempDir Path dir) throws Exception {
        Path t = dir.resolve("my.ipxe");
        Files.writeString(t, "#!ipxe\necho {{name}} in {{namespace}} ({{systemUUID}})\nkernel {{ kernelURL }}\nboot\n");
        String script = IpxeScripts.withBootTemplate(Optional.of(t)).bootScript(config(Optional.empty()), "http://svc");
        assertThat(script).isEqualTo("#!ipxe\necho n1 in default (U-1)\nkernel http://img/kernel?a=1&b=2\nboot\n");
    }

    @Test
    void anUnknownPlaceholderIsRejectedWithFileAndLine(@TempDir Path dir) throws Exception {
        Path t = dir.resolve("bad.ipxe");
        Files.writeString(t, "#!ipxe\n\nkernel {{kernelUrl}}\n");
        assertThatThrownBy(() -> IpxeScripts.withBootTemplate(Optional.of(t)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.ipxe:3: unknown placeholder {{kernelUrl}}");
    }

    @Test
    void iPxeVariablesPassThroughUntouched() {
        IpxeTemplate t = IpxeTemplate.parse("t", "chain ${ipxe-svc}/x/${uuid} {{name}}", IpxeScripts.BOOT_PLACEHOLDERS);
        assertThat(t.render(java.util.Map.of("name", "n"))).isEqualTo("chain ${ipxe-svc}/x/${uuid} n");
    }
}
