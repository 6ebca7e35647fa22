package dev.bootoperator.operator.bootctl;

import java.util.List;

/**
 * The outcome of {@link Mover#move()}: one entry per object considered, in the order they were (or, for a
 * dry run, would be) written to the target: Secrets first, then the boot configs that reference them.
 */
public record MoveResult(boolean dryRun, List<Entry> entries) {

    public MoveResult {
        entries = List.copyOf(entries);
    }

    /** What the tool did, or in a dry run would do, with one object. */
    public enum Action {
        /** Created on the target (the source keeps its copy). */
        MOVED,
        /** Already on the target with the same content; left alone. */
        SKIPPED
    }

    /** One object and what became of it and of its owner references. */
    public record Entry(ObjectRef object, Action action, List<OwnerChange> ownerChanges) {
        public Entry {
            ownerChanges = List.copyOf(ownerChanges);
        }
    }

    public List<ObjectRef> moved() {
        return objects(Action.MOVED);
    }

    public List<ObjectRef> skipped() {
        return objects(Action.SKIPPED);
    }

    /** Moved objects whose owner reference now points at the target's ServerBootConfiguration. */
    public List<ObjectRef> relinked() {
        return entries.stream()
                .filter(e -> e.ownerChanges().stream().anyMatch(OwnerChange.Relinked.class::isInstance))
                .map(Entry::object)
                .toList();
    }

    private List<ObjectRef> objects(Action action) {
        return entries.stream().filter(e -> e.action() == action).map(Entry::object).toList();
    }
}
