package dev.bootoperator.ignition.validate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads systemd unit contents the way Ignition does (go-systemd's {@code unit.Deserialize}), to know whether they
 * parse and which sections hold options. That reader refuses: a {@code [} without {@code ]}, text after a section
 * header, an option line without {@code =} (also at the end of the file), and a line of 2048 bytes or more. The
 * last check only happens where its 4096-byte read buffer holds at least 2048 bytes, so this class tracks that
 * buffer as Go's {@code bufio.Reader} fills it from a string; text before the first section is skipped unread.
 */
final class UnitFile {
    private static final int LINE_MAX = 2048;
    private static final int BUFFER = 4096;

    private final byte[] data;
    private int pos;
    private int end;
    private int nextNewline = -1;
    private int lastRuneSize;
    private final List<String> optionSections = new ArrayList<>();

    /** The outcome: the section of each option in order, or go-systemd's error text. */
    record Parsed(List<String> optionSections, String error) {
        boolean ok() {
            return error == null;
        }

        boolean hasSection(String name) {
            return optionSections.contains(name);
        }
    }

    private UnitFile(String contents) {
        this.data = contents.getBytes(StandardCharsets.UTF_8);
    }

    static Parsed parse(String contents) {
        UnitFile f = new UnitFile(contents);
        String error = f.run();
        return new Parsed(List.copyOf(f.optionSections), error);
    }

    private interface Step {
        Step next() throws ParseError;
    }

    private static final class ParseError extends Exception {
        ParseError(String message) {
            super(message, null, false, false);
        }
    }

    private String run() {
        Step step = this::nextSection;
        try {
            while (step != null) {
                if (buffered() >= LINE_MAX && !newlineWithin(LINE_MAX)) {
                    throw new ParseError("line too long (max " + LINE_MAX + " bytes)");
                }
                step = step.next();
            }
            return null;
        } catch (ParseError e) {
            return e.getMessage();
        }
    }

    private Step nextSection() {
        int r = readRune();
        if (r < 0) {
            return null;
        }
        if (r == '[') {
            return this::sectionName;
        }
        if (r == '#' || r == ';') {
            return ignoreLine(this::nextSection);
        }
        return this::nextSection;
    }

    private Step sectionName() throws ParseError {
        byte[] sec = readUntil((byte) ']');
        if (sec == null) {
            throw new ParseError("unable to find end of section");
        }
        String section = new String(sec, 0, sec.length - 1, StandardCharsets.UTF_8);
        return () -> {
            byte[] garbage = toEol().line();
            if (!allSpace(garbage)) {
                throw new ParseError("found garbage after section name : \""
                        + new String(garbage, StandardCharsets.UTF_8).strip() + "\"");
            }
            return nextSectionOrOption(section);
        };
    }

    private Step ignoreLine(Step then) {
        return () -> {
            while (true) {
                byte[] line = toEol().line();
                int last = line.length;
                if (last > 0 && line[last - 1] == ' ') {
                    last--;
                }
                if (last == 0 || line[last - 1] != '\\') {
                    return then;
                }
            }
        };
    }

    private Step nextSectionOrOption(String section) {
        return () -> {
            int r = readRune();
            if (r < 0) {
                return null;
            }
            if (isSpace(r)) {
                return nextSectionOrOption(section);
            }
            if (r == '[') {
                return this::sectionName;
            }
            if (r == '#' || r == ';') {
                return ignoreLine(nextSectionOrOption(section));
            }
            unreadRune();
            return optionName(section);
        };
    }

    private Step optionName(String section) {
        return () -> {
            while (true) {
                int r = readRune();
                if (r < 0) {
                    throw new ParseError("EOF");
                }
                if (r == '\n' || r == '\r') {
                    throw new ParseError("unexpected newline encountered while parsing option name");
                }
                if (r == '=') {
                    return optionValue(section);
                }
            }
        };
    }

    private Step optionValue(String section) {
        return () -> {
            byte[] line = toEol().line();
            if (!allSpace(line) && line[line.length - 1] == '\\') {
                return optionValue(section); // a continuation line, even at the end of the file
            }
            optionSections.add(section);
            return nextSectionOrOption(section);
        };
    }

    // --- a model of bufio.Reader over a strings.Reader: the window [pos, end) it has buffered ---

    private int buffered() {
        return end - pos;
    }

    /** bufio's {@code fill} after sliding: one read gets everything that fits. */
    private void fill() {
        end = Math.min(pos + BUFFER, data.length);
    }

    /** Whether a CR or LF is among the next {@code n} bytes; the last one found is remembered, so this is cheap. */
    private boolean newlineWithin(int n) {
        if (nextNewline < pos) {
            nextNewline = pos;
            while (nextNewline < data.length && data[nextNewline] != '\n' && data[nextNewline] != '\r') {
                nextNewline++;
            }
        }
        return nextNewline < pos + n && nextNewline < data.length;
    }

    /** The next code point, or -1 at the end; invalid UTF-8 reads as U+FFFD of one byte, as in Go. */
    private int readRune() {
        if (end - pos < 4 && !fullRune(pos, end) && end - pos < BUFFER) {
            fill();
        }
        if (pos == end) {
            return -1;
        }
        int b = data[pos] & 0xff;
        int size = runeLength(b);
        int cp;
        if (size == 0 || pos + size > end || !continuation(size)) {
            size = 1;
            cp = b < 0x80 ? b : 0xfffd;
        } else {
            cp = new String(data, pos, size, StandardCharsets.UTF_8).codePointAt(0);
        }
        pos += size;
        lastRuneSize = size;
        return cp;
    }

    private static int runeLength(int first) {
        return first < 0x80 ? 1 : first >= 0xf8 ? 0 : first >= 0xf0 ? 4 : first >= 0xe0 ? 3 : first >= 0xc0 ? 2 : 0;
    }

    /** Go's {@code utf8.FullRune}: enough bytes for a rune, or an invalid start (which reads as one byte). */
    private boolean fullRune(int from, int to) {
        if (from >= to) {
            return false;
        }
        int size = runeLength(data[from] & 0xff);
        return size <= 1 || to - from >= size;
    }

    private boolean continuation(int size) {
        for (int i = 1; i < size; i++) {
            if ((data[pos + i] & 0xc0) != 0x80) {
                return false;
            }
        }
        return true;
    }

    private void unreadRune() {
        pos -= lastRuneSize;
    }

    /**
     * Go's {@code ReadBytes(delim)}: through the delimiter, or null (everything consumed) at the end. Where the
     * delimiter is not buffered, bufio fills up to a full buffer before it hands out a fragment.
     */
    private byte[] readUntil(byte delim) {
        int start = pos;
        int searched = pos;
        while (true) {
            for (int i = searched; i < end; i++) {
                if (data[i] == delim) {
                    pos = i + 1;
                    return Arrays.copyOfRange(data, start, pos);
                }
            }
            if (end >= data.length) {
                pos = end;
                return null;
            }
            if (end - pos >= BUFFER) {
                pos = end; // ErrBufferFull: the fragment is handed out, the next call refills
            }
            searched = end;
            fill();
        }
    }

    private record Line(byte[] line, boolean eof) {}

    /** go-systemd's {@code toEOL}: the line without its LF, or without a final CR at the end of the input. */
    private Line toEol() {
        int start = pos;
        byte[] read = readUntil((byte) '\n');
        if (read != null) {
            return new Line(Arrays.copyOfRange(data, start, pos - 1), false);
        }
        int last = pos;
        if (last > start && data[last - 1] == '\r') {
            last--;
        }
        return new Line(Arrays.copyOfRange(data, start, last), true);
    }

    private static boolean allSpace(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.UTF_8);
        return s.codePoints().allMatch(UnitFile::isSpace);
    }

    /** Go's {@code unicode.IsSpace}. */
    private static boolean isSpace(int cp) {
        return cp == '\t' || cp == '\n' || cp == 0x0b || cp == '\f' || cp == '\r' || cp == 0x85
                || Character.isSpaceChar(cp);
    }
}
