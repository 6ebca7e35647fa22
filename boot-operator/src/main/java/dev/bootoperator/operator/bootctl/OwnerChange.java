package dev.bootoperator.operator.bootctl;

/**
 * What happened to one owner reference of a moved object. Owner references carry the owner's uid, which
 * differs between clusters: a reference copied verbatim would point at nothing on the target, and the
 * garbage collector deletes objects whose owners are all gone. So every reference is either re-pointed at
 * the target's owner of the same name or dropped.
 */
public sealed interface OwnerChange {

    /** The owner ServerBootConfiguration exists on the target: the reference now carries its uid. */
    record Relinked(String serverBootConfiguration, String targetUid) implements OwnerChange {
        @Override
        public String toString() {
            return "owner ServerBootConfiguration " + serverBootConfiguration + " relinked (uid " + targetUid + ")";
        }
    }

    /** The reference was removed: its owner is missing on the target, or is not a ServerBootConfiguration. */
    record Dropped(String kind, String name, String reason) implements OwnerChange {
        @Override
        public String toString() {
            return "owner " + kind + " " + name + " dropped: " + reason;
        }
    }
}
