package dev.bootoperator.ignition;

/**
 * One key of a Butane mapping: its Butane (snake_case) name, its Ignition (camelCase) name, its schema, the
 * first Ignition spec that has it, and whether Ignition requires it ({@code mandatory}).
 */
record Field(String butaneKey, String ignitionKey, Schema schema, IgnitionVersion since, boolean mandatory) {

    /** A key spelled the same in Butane and Ignition. */
    static Field field(String key, Schema schema) {
        return new Field(key, key, schema, IgnitionVersion.V3_0, false);
    }

    /** A snake_case Butane key whose Ignition name differs. */
    static Field renamed(String butaneKey, String ignitionKey, Schema schema) {
        return new Field(butaneKey, ignitionKey, schema, IgnitionVersion.V3_0, false);
    }

    /** A Butane key this translator refuses, whatever its value. */
    static Field rejected(String key, String reason) {
        return new Field(key, key, new Rejected(reason), IgnitionVersion.V3_0, false);
    }

    Field since(IgnitionVersion version) {
        return new Field(butaneKey, ignitionKey, schema, version, mandatory);
    }

    /** Marks the field as one Ignition requires. */
    Field required() {
        return new Field(butaneKey, ignitionKey, schema, since, true);
    }
}
