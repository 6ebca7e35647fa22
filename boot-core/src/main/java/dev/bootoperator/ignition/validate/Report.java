package dev.bootoperator.ignition.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Collects the issues of one validation run, in the order they are found. */
final class Report {
    private final List<ValidationIssue> issues = new ArrayList<>();

    void error(Loc loc, String message) {
        issues.add(ValidationIssue.error(loc.keys(), message));
    }

    void warn(Loc loc, String message) {
        issues.add(ValidationIssue.warning(loc.keys(), message));
    }

    /** Ignition's {@code AddOnError}: records the message if there is one. */
    void error(Loc loc, Optional<String> message) {
        message.ifPresent(m -> error(loc, m));
    }

    void warn(Loc loc, Optional<String> message) {
        message.ifPresent(m -> warn(loc, m));
    }

    boolean hasErrors() {
        return issues.stream().anyMatch(i -> !i.warning());
    }

    List<ValidationIssue> issues() {
        return List.copyOf(issues);
    }
}
