package dev.bootoperator.operator.reconcile;

import dev.bootoperator.oci.ImageResolver;
import dev.bootoperator.oci.ImageServerUrl;
import dev.bootoperator.oci.RegistryClient;
import java.time.Duration;
import java.util.Objects;

/**
 * What the boot controllers need from the operator's flags.
 *
 * <p>The registry allowlist ({@code --allowed-registries}) and the architecture ({@code --architecture}, with
 * the {@code metal_pxe} CNAME fallback) are not repeated here: they live in the {@link RegistryClient} behind
 * {@code images}, so the controllers and an image proxy in the same process cannot disagree about them. Share
 * one {@link ImageResolver} between both ServerBootConfiguration controllers (and the image proxy, via
 * {@code ImageProxy#images()}) so that an image costs one manifest resolution per TTL, however many
 * ServerBootConfigurations use it.
 *
 * <pre>{@code
 * RegistryClient registry = RegistryClient.builder()
 *         .policy(RegistryPolicy.fromCsv("ghcr.io", ""))
 *         .platform(PlatformSelector.pxe("amd64"))
 *         .build();
 * ControllerSettings settings = ControllerSettings.of("http://boot.example:8082", "http://boot.example:8083",
 *         registry, false);
 * }</pre>
 *
 * @param ipxeServiceUrl  {@code --ipxe-service-url}: base of the kernel, initrd and squashfs URLs
 *                        ({@code <url>/image?…}); a trailing {@code /} is dropped
 * @param imageServerUrl  {@code --image-server-url}: the prefix of the UKI URLs ({@code <url>/<image>/sha256-<hex>.efi}),
 *                        as upstream; a URL without a path gets {@code /httpboot} ({@link ImageServerUrl})
 * @param images          resolves {@code spec.image}, cached; its registry client holds the policy and platform
 * @param honorBootMethod {@code --honor-boot-method}: create only the child that {@code spec.bootMethod} asks
 *                        for (and remove the other) instead of both
 * @param retryAfterImageFailure when to resolve again after an image failed to resolve (not found, registry
 *                        down); a refused registry is not retried until the ServerBootConfiguration changes
 */
public record ControllerSettings(String ipxeServiceUrl, String imageServerUrl, ImageResolver images,
                                 boolean honorBootMethod, Duration retryAfterImageFailure) {
    /** How long after an image failure the ServerBootConfiguration is reconciled again, by default. */
    public static final Duration DEFAULT_RETRY_AFTER_IMAGE_FAILURE = Duration.ofMinutes(1);

    public ControllerSettings {
        ipxeServiceUrl = withoutTrailingSlash(Objects.requireNonNull(ipxeServiceUrl, "ipxeServiceUrl"));
        imageServerUrl = withoutTrailingSlash(Objects.requireNonNull(imageServerUrl, "imageServerUrl"));
        if (!imageServerUrl.isEmpty()) {
            try {
                imageServerUrl = ImageServerUrl.of(imageServerUrl).prefix();
            } catch (IllegalArgumentException notAUrl) {
                // kept as given: each HTTPBootConfig that needs it reports the bad value, boots by PXE carry on
            }
        }
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(retryAfterImageFailure, "retryAfterImageFailure");
        if (retryAfterImageFailure.isNegative() || retryAfterImageFailure.isZero()) {
            throw new IllegalArgumentException("retryAfterImageFailure must be positive, was " + retryAfterImageFailure);
        }
    }

    /** Settings with a new {@link ImageResolver} (TTL {@link ImageResolver#DEFAULT_TTL}) over {@code registry}. */
    public static ControllerSettings of(String ipxeServiceUrl, String imageServerUrl, RegistryClient registry,
                                        boolean honorBootMethod) {
        return new ControllerSettings(ipxeServiceUrl, imageServerUrl,
                new ImageResolver(registry, ImageResolver.DEFAULT_TTL), honorBootMethod,
                DEFAULT_RETRY_AFTER_IMAGE_FAILURE);
    }

    private static String withoutTrailingSlash(String url) {
        String trimmed = url.trim();
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
