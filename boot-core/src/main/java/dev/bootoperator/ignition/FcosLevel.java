package dev.bootoperator.ignition;

/**
 * What the fcos layer of a Butane version adds on top of its base: {@code boot_device} from fcos 1.3,
 * {@code grub} and LUKS {@code discard} from 1.5, s390x layouts, {@code luks.device} and CEX from 1.6, and
 * butane's stricter checks from 1.7. Versions before 1.3 only warn about misnumbered reserved partitions.
 */
enum FcosLevel {
    V1_0, V1_3, V1_5, V1_6, V1_7;

    boolean atLeast(FcosLevel other) {
        return compareTo(other) >= 0;
    }

    boolean bootDevice() {
        return atLeast(V1_3);
    }

    boolean grub() {
        return atLeast(V1_5);
    }

    boolean luksDiscard() {
        return atLeast(V1_5);
    }

    /** s390x layouts, {@code boot_device.luks.device} and {@code cex}. */
    boolean s390x() {
        return atLeast(V1_6);
    }

    /** Partitions reused by label, mount points outside /etc and /var. */
    boolean configChecks() {
        return atLeast(V1_6);
    }

    /** A mirror without layout is an error (a warning before), and a LUKS device needs a method. */
    boolean strictBootDevice() {
        return atLeast(V1_7);
    }
}
