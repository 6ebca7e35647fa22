package dev.bootoperator.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteRangeTest {
    private static final String ETAG = "\"sha256:aa\"";

    private static String describe(ByteRange range) {
        if (range instanceof ByteRange.Partial p) {
            return p.offset() + "+" + p.length();
        }
        return range instanceof ByteRange.Full ? "full" : "416";
    }

    @ParameterizedTest(name = "Range: {0} of 1000 bytes -> {1}")
    @CsvSource(delimiter = '|', value = {
            "bytes=0-99 | 0+100",
            "bytes=990- | 990+10",
            "bytes=990-5000 | 990+10",
            "bytes=-10 | 990+10",
            "bytes=-5000 | 0+1000",
            "BYTES=5-5 | 5+1",
            "bytes=1000- | 416",
            "bytes=-0 | 416",
            "bytes=5-1 | full",
            "bytes=0-1,5-9 | full",
            "items=0-1 | full",
            "bytes=abc | full",
            "bytes=1-x | full",
            "bytes=99999999999999999999- | full"})
    void singleRangesAreHonouredAndTheRestIgnored(String header, String expected) {
        assertThat(describe(ByteRange.of(List.of(header), List.of(), ETAG, 1000))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "If-Range: {0} -> {1}")
    @CsvSource(delimiter = '|', value = {"\"sha256:aa\" | 0+10", "\"sha256:bb\" | full",
            "Wed, 21 Oct 2015 07:28:00 GMT | full"})
    void ifRangeMustNameOurEtag(String ifRange, String expected) {
        assertThat(describe(ByteRange.of(List.of("bytes=0-9"), List.of(ifRange), ETAG, 1000))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"bytes=0-0 | 416", "bytes=-1 | 416"})
    void anEmptyBlobHasNoSatisfiableRange(String header, String expected) {
        assertThat(describe(ByteRange.of(List.of(header), List.of(), ETAG, 0))).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void twoRangeHeadersOrAHugeOneAreIgnoredAndContentRangeIsWrittenAsTheRfcSays() {
        assertThat(ByteRange.of(List.of("bytes=0-1", "bytes=2-3"), List.of(), ETAG, 10)).isInstanceOf(ByteRange.Full.class);
        assertThat(ByteRange.of(List.of("bytes=" + " ".repeat(300) + "0-1"), List.of(), ETAG, 10)).isInstanceOf(ByteRange.Full.class);
        assertThat(((ByteRange.Partial) ByteRange.of(List.of("bytes=2-3"), List.of(), ETAG, 10)).contentRange())
                .isEqualTo("bytes 2-3/10");
        assertThat(new ByteRange.Unsatisfiable(10).contentRange()).isEqualTo("bytes */10");
    }
}
