package dev.bootoperator.ignition.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Rules for {@code storage.disks} and their partitions; the same in every spec version. */
final class DiskRules {
    static final String DEVICE_REQUIRED = "disk device is required";
    static final String NUMBERS_COLLIDE = "partition numbers collide";
    static final String OVERLAP = "partitions overlap";
    static final String ZEROES_WITH_SHOULD_NOT_EXIST =
            "shouldExist is false for a partition and other partition(s) has start or size 0";
    static final String DUPLICATE_LABELS = "cannot use the same partition label twice";
    static final String SHOULD_NOT_EXIST_WITH_OTHERS = "shouldExist specified false with other options also specified";
    static final String NEED_LABEL_OR_NUMBER = "a partition number >= 1 or a label must be specified";
    static final String LABEL_TOO_LONG = "partition labels may not exceed 36 characters";
    static final String LABEL_COLON = "partition label will be truncated to text before the colon";
    static final String BAD_GUID = "doesn't match the form \"01234567-89AB-CDEF-EDCB-A98765432101\"";

    private static final Pattern GUID =
            Pattern.compile("|\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");

    private DiskRules() {}

    static void check(JsonNode storage, Report r) {
        List<JsonNode> disks = Json.array(storage, "disks");
        for (int i = 0; i < disks.size(); i++) {
            disk(disks.get(i), Loc.ROOT.at("storage", "disks", i), r);
        }
    }

    private static void disk(JsonNode disk, Loc at, Report r) {
        List<JsonNode> parts = Json.array(disk, "partitions");
        for (int j = 0; j < parts.size(); j++) {
            partition(parts.get(j), at.at("partitions", j), r);
        }
        String device = Json.string(disk, "device");
        if (device.isEmpty()) {
            r.error(at.at("device"), DEVICE_REQUIRED);
            return;
        }
        r.error(at.at("device"), GoPaths.validate(device));
        numberCollision(parts).ifPresent(j -> r.error(at.at("partitions", j), NUMBERS_COLLIDE));
        overlap(parts).ifPresent(j -> r.error(at.at("partitions", j), OVERLAP));
        boolean anyNumberZero = parts.stream().anyMatch(p -> number(p) == 0);
        boolean anyShouldNotExist = parts.stream().anyMatch(p -> Json.isFalse(p, "shouldExist"));
        if (anyNumberZero && anyShouldNotExist) { // a partition without a number cannot be matched for deletion
            r.error(at.at("partitions"), ZEROES_WITH_SHOULD_NOT_EXIST);
        }
        labelCollision(parts).ifPresent(j -> r.error(at.at("partitions", j), DUPLICATE_LABELS));
    }

    private static void partition(JsonNode p, Loc at, Report r) {
        if (Json.isFalse(p, "shouldExist") && (Json.present(p, "label") || Json.notEmpty(p, "typeGuid")
                || Json.notEmpty(p, "guid") || Json.present(p, "startMiB") || Json.present(p, "sizeMiB"))) {
            r.error(at, SHOULD_NOT_EXIST_WITH_OTHERS);
        }
        if (number(p) == 0 && !Json.present(p, "label")) {
            r.error(at, NEED_LABEL_OR_NUMBER);
        }
        Json.text(p, "label").ifPresent(label -> {
            if (Json.goLen(label) > 36) {
                r.error(at.at("label"), LABEL_TOO_LONG);
            } else if (label.contains(":")) {
                r.error(at.at("label"), LABEL_COLON);
            }
        });
        for (String field : new String[] {"guid", "typeGuid"}) {
            Json.text(p, field).filter(g -> !GUID.matcher(g).matches())
                    .ifPresent(g -> r.error(at.at(field), BAD_GUID));
        }
    }

    private static long number(JsonNode p) {
        return Json.integer(p, "number").orElse(0L);
    }

    /** The second partition with a number already used (0 means "next free" and never collides). */
    private static Optional<Integer> numberCollision(List<JsonNode> parts) {
        Map<Long, Integer> seen = new HashMap<>();
        for (int j = 0; j < parts.size(); j++) {
            long n = number(parts.get(j));
            if (n != 0 && seen.putIfAbsent(n, j) != null) {
                return Optional.of(j);
            }
        }
        return Optional.empty();
    }

    private static Optional<Integer> labelCollision(List<JsonNode> parts) {
        Set<String> seen = new HashSet<>();
        for (int j = 0; j < parts.size(); j++) {
            Optional<String> label = Json.text(parts.get(j), "label");
            if (label.isPresent() && !seen.add(label.get())) {
                return Optional.of(j);
            }
        }
        return Optional.empty();
    }

    /**
     * The first partition that another one overlaps, comparing only partitions with both start and size given and
     * a start other than 0 (0 means "wherever there is room"). Size 0 means "to the end", counted as one MiB here.
     */
    private static Optional<Integer> overlap(List<JsonNode> parts) {
        for (int a = 0; a < parts.size(); a++) {
            Optional<long[]> p = extent(parts.get(a));
            if (p.isEmpty()) {
                continue;
            }
            for (int b = 0; b < parts.size(); b++) {
                Optional<long[]> o = extent(parts.get(b));
                if (b == a || o.isEmpty()) {
                    continue;
                }
                long ps = p.get()[0];
                long pe = p.get()[1];
                long os = o.get()[0];
                long oe = o.get()[1];
                if ((ps >= os && ps <= oe) || (pe >= os && pe <= oe) || (ps < os && pe > oe)) {
                    return Optional.of(b);
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<long[]> extent(JsonNode p) {
        Optional<Long> start = Json.integer(p, "startMiB");
        Optional<Long> size = Json.integer(p, "sizeMiB");
        if (start.isEmpty() || size.isEmpty() || start.get() == 0) {
            return Optional.empty();
        }
        long end = size.get() == 0 ? start.get() : start.get() + size.get() - 1;
        return Optional.of(new long[] {start.get(), end});
    }
}
