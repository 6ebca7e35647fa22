package dev.bootoperator.ignition.validate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A location in the Ignition JSON: keys and array indices from the root. Immutable. */
record Loc(List<Object> keys) {
    static final Loc ROOT = new Loc(List.of());

    Loc {
        keys = List.copyOf(keys);
    }

    Loc at(Object... more) {
        List<Object> joined = new ArrayList<>(keys);
        joined.addAll(Arrays.asList(more));
        return new Loc(joined);
    }
}
