package dev.bootoperator.ignition.validate;

import java.util.List;

/**
 * One finding of Ignition's validation: the path of Ignition JSON keys (String, camelCase) and array indices
 * (Integer), the message, and whether it is only a warning.
 */
public record ValidationIssue(List<Object> path, String message, boolean warning) {
}
