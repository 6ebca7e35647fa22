package dev.bootoperator.ipxe;

import dev.bootoperator.config.IpxeBootConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Renders the two iPXE scripts a machine runs: the chain script served at {@code /ipxe}, which points iPXE
 * at the machine's own script, and the boot script served at {@code /ipxe/{uuid}}.
 *
 * <p>The boot script names its initrd ({@code initrd --name initrd} with {@code initrd=initrd} on the kernel
 * line) so that it boots under both BIOS and EFI iPXE. Its Ignition URL is
 * {@code ${ipxe-svc}/ignition/${uuid}}: iPXE substitutes the machine's SMBIOS UUID.
 *
 * <p>Boot template placeholders: {@code {{ipxeServiceURL}} {{kernelURL}} {{initrdURL}} {{squashfsURL}}
 * {{squashfsArgs}} {{systemUUID}} {{name}} {{namespace}}}, where {@code squashfsArgs} is
 * {@code " gl.ovl=/:tmpfs gl.url=<squashfsURL> gl.live=1"} when a squashfs is set and empty otherwise.
 */
public final class IpxeScripts {
    /** Placeholders a boot template may use. */
    public static final Set<String> BOOT_PLACEHOLDERS = Set.of("ipxeServiceURL", "kernelURL", "initrdURL",
            "squashfsURL", "squashfsArgs", "systemUUID", "name", "namespace", "ignitionURLQuery");
    /** Placeholders a chain template may use. */
    public static final Set<String> CHAIN_PLACEHOLDERS = Set.of("ipxeServiceURL");

    private final IpxeTemplate chain;
    private final IpxeTemplate boot;

    public IpxeScripts(IpxeTemplate chain, IpxeTemplate boot) {
        this.chain = chain;
        this.boot = boot;
    }

    /** The templates shipped with the library. */
    public static IpxeScripts defaults() {
        return new IpxeScripts(IpxeTemplate.fromClasspath("chain.ipxe", CHAIN_PLACEHOLDERS),
                IpxeTemplate.fromClasspath("boot.ipxe", BOOT_PLACEHOLDERS));
    }

    /** The shipped chain template with the user's boot template, when one is given. */
    public static IpxeScripts withBootTemplate(Optional<Path> bootTemplate) {
        return bootTemplate
                .map(p -> new IpxeScripts(IpxeTemplate.fromClasspath("chain.ipxe", CHAIN_PLACEHOLDERS),
                        IpxeTemplate.fromFile(p, BOOT_PLACEHOLDERS)))
                .orElseGet(IpxeScripts::defaults);
    }

    /**
     * The chain script, upstream's template byte for byte: {@code set ipxe-svc <url>}, {@code set base-url
     * ${ipxe-svc}/ipxe} (a custom {@code ipxe-script} may use it) and {@code chain ... ${base-url}/${uuid}}.
     */
    public String chainScript(String ipxeServiceUrl) {
        return chain.render(Map.of("ipxeServiceURL", ipxeServiceUrl));
    }

    /** The boot script for one config, with an unsigned Ignition URL. */
    public String bootScript(IpxeBootConfig config, String ipxeServiceUrl) {
        return bootScript(config, ipxeServiceUrl, "");
    }

    /** Whether the boot template appends {@code {{ignitionURLQuery}}} to its Ignition URL, as signing needs. */
    public boolean bootTemplateSignsIgnitionUrl() {
        return boot.uses("ignitionURLQuery");
    }

    /**
     * The boot script for one config; {@code ignitionUrlQuery} (e.g. {@code ?exp=…&sig=…}, or empty) fills
     * {@code {{ignitionURLQuery}}}.
     */
    public String bootScript(IpxeBootConfig config, String ipxeServiceUrl, String ignitionUrlQuery) {
        Map<String, String> v = new HashMap<>(16);
        v.put("ipxeServiceURL", ipxeServiceUrl);
        v.put("kernelURL", config.kernelUrl());
        v.put("initrdURL", config.initrdUrl());
        v.put("squashfsURL", config.squashfsUrl().orElse(""));
        v.put("squashfsArgs", config.squashfsUrl()
                .map(url -> " gl.ovl=/:tmpfs gl.url=" + url + " gl.live=1").orElse(""));
        v.put("systemUUID", config.systemUuid());
        v.put("name", config.key().name());
        v.put("namespace", config.key().namespace());
        v.put("ignitionURLQuery", ignitionUrlQuery);
        return boot.render(v);
    }
}
