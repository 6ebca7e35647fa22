package dev.bootoperator.ignition;

/**
 * butane's check for a mode written in decimal by mistake ({@code mode: 644} is 0o1204): it warns when the
 * mode is unusual but its digits read as octal would be a usual one.
 */
final class FileModes {
    private FileModes() {
    }

    static boolean looksDecimal(long mode, boolean directory) {
        if (mode < 0 || mode > 7777) {
            return false;
        }
        int octal = 0;
        for (int divisor = 1000; divisor > 0; divisor /= 10) {
            int digit = (int) (mode / divisor) % 10;
            if (digit > 7) {
                return false;
            }
            octal = (octal << 3) | digit;
        }
        return !isTypical((int) mode, directory) && isTypical(octal, directory);
    }

    static boolean isTypical(int mode, boolean directory) {
        if (mode == 0) {
            return true;
        }
        int[] perms = {mode & 07, (mode & 070) >> 3, (mode & 0700) >> 6};
        boolean hadR = false;
        boolean hadW = false;
        boolean hadX = false;
        for (int perm : perms) {
            boolean r = (perm & 4) != 0;
            boolean w = (perm & 2) != 0;
            boolean x = (perm & 1) != 0;
            if (!r && hadR || !w && hadW || !x && hadX) {
                return false;
            }
            if (x && hadR && !hadX) {
                return false;
            }
            if ((w || x) && !r) {
                return false;
            }
            hadR |= r;
            hadW |= w;
            hadX |= x;
        }
        if (!hadR) {
            return false;
        }
        if (directory) {
            return hadX && (mode & 04000) == 0 && ((mode & 03000) == 0 || hadW);
        }
        if ((mode & 06000) != 0 && (!hadX || (mode & 2) != 0)) {
            return false;
        }
        return (mode & 01000) == 0;
    }
}
