package dev.bootoperator.ignition;

import java.util.List;

/** A translated config: compact Ignition JSON (UTF-8) and the warnings butane would print. */
public record Translation(byte[] json, List<ButaneWarning> warnings) {
    public Translation {
        warnings = List.copyOf(warnings);
    }
}
