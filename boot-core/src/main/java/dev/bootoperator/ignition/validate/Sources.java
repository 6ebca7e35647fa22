package dev.bootoperator.ignition.validate;

import static dev.bootoperator.ignition.validate.SpecVersion.V3_2;
import static dev.bootoperator.ignition.validate.SpecVersion.V3_4;

import java.util.Optional;
import java.util.Set;

/**
 * Ignition's {@code validateURL}: which source URLs a spec version fetches from.
 *
 * <ul>
 *   <li>3.0.0+: {@code http}, {@code https}, {@code tftp}, {@code s3} (a {@code versionId} query, if given, must not
 *       be empty), and {@code data} URLs that decode;
 *   <li>3.2.0+: also {@code gs};
 *   <li>3.4.0+: also {@code arn:} S3 ARNs ({@code arn:PARTITION:s3:REGION:ACCOUNT:bucket/key} or an access point).
 * </ul>
 * Anything else ({@code ftp}, {@code file}, no scheme) is {@value #INVALID_SCHEME}.
 */
final class Sources {
    static final String INVALID_SCHEME = "invalid url scheme";
    static final String INVALID_URL = "unable to parse url";
    static final String SOURCE_REQUIRED = "source is required";
    static final String INVALID_ARN = "invalid S3 ARN format";
    static final String INVALID_VERSION_ID = "invalid S3 object VersionId";

    private Sources() {}

    static Optional<String> validate(String source, SpecVersion v) {
        Optional<GoUrl> parsed = GoUrl.parse(source);
        if (parsed.isEmpty()) {
            return Optional.of(INVALID_URL);
        }
        GoUrl u = parsed.get();
        switch (u.scheme()) {
            case "http", "https", "tftp":
                return Optional.empty();
            case "gs":
                return v.atLeast(V3_2) ? Optional.empty() : Optional.of(INVALID_SCHEME);
            case "s3":
                return validVersionId(u);
            case "arn":
                return v.atLeast(V3_4) ? validArn(u) : Optional.of(INVALID_SCHEME);
            case "data":
                return DataUrlSyntax.check(source);
            default:
                return Optional.of(INVALID_SCHEME);
        }
    }

    /** {@code validateURLNilOK}: an absent or empty source is fine. */
    static Optional<String> validateOptional(Optional<String> source, SpecVersion v) {
        return source.filter(s -> !s.isEmpty()).flatMap(s -> validate(s, v));
    }

    /** {@code validateRequiredSource} (3.1.0+ config merge entries and CAs). */
    static Optional<String> validateRequired(Optional<String> source, SpecVersion v) {
        if (source.filter(s -> !s.isEmpty()).isEmpty()) {
            return Optional.of(SOURCE_REQUIRED);
        }
        return validate(source.get(), v);
    }

    /** Whether Go parses the URL and its scheme is one of {@code schemes}, for rules that only look at that. */
    static Optional<String> schemeIn(String url, Set<String> schemes, String otherwise) {
        Optional<GoUrl> parsed = GoUrl.parse(url);
        if (parsed.isEmpty()) {
            return Optional.of(INVALID_URL);
        }
        return schemes.contains(parsed.get().scheme()) ? Optional.empty() : Optional.of(otherwise);
    }

    private static Optional<String> validVersionId(GoUrl u) {
        return u.queryParam("versionId").filter(String::isEmpty).map(empty -> INVALID_VERSION_ID);
    }

    private static Optional<String> validArn(GoUrl u) {
        String full = "arn:" + u.opaque();
        String[] sections = full.split(":", 6);
        if (sections.length != 6 || !sections[2].equals("s3")) {
            return Optional.of(INVALID_ARN);
        }
        int slashParts = full.split("/", -1).length;
        if (sections[5].startsWith("accesspoint/") ? slashParts < 3 : slashParts < 2) {
            return Optional.of(INVALID_ARN);
        }
        return validVersionId(u);
    }
}
