package dev.bootoperator.oci.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StreamingBodySubscriberTest {
    /** Records demand and cancellation, as the HTTP client's subscription would see them. */
    static final class Subscription implements Flow.Subscription {
        final AtomicLong requested = new AtomicLong();
        final AtomicBoolean cancelled = new AtomicBoolean();

        @Override
        public void request(long n) {
            requested.addAndGet(n);
        }

        @Override
        public void cancel() {
            cancelled.set(true);
        }
    }

    private static List<ByteBuffer> item(String... parts) {
        List<ByteBuffer> buffers = new ArrayList<>();
        for (String p : parts) {
            buffers.add(ByteBuffer.wrap(p.getBytes(StandardCharsets.US_ASCII)));
        }
        return buffers;
    }

    @Test
    void requestsAWindowAheadAndOneMorePerConsumedItem() throws IOException {
        StreamingBodySubscriber body = new StreamingBodySubscriber(4, java.time.Duration.ofSeconds(10));
        Subscription s = new Subscription();
        body.onSubscribe(s);
        assertThat(s.requested).hasValue(4);

        body.onNext(item("ab", "cd"));
        body.onNext(item("ef"));
        body.onComplete();

        assertThat(new String(body.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("abcdef");
        assertThat(s.requested).hasValue(6);
        assertThat(body.read()).isEqualTo(-1);
    }

    @Test
    void oneReadReturnsWhatHasArrivedWithoutWaitingForMore() throws IOException {
        StreamingBodySubscriber body = new StreamingBodySubscriber(2, java.time.Duration.ofSeconds(10));
        body.onSubscribe(new Subscription());
        body.onNext(item("abc"));
        body.onNext(item("de"));

        byte[] buffer = new byte[16];
        assertThat(body.read(buffer, 0, 16)).isEqualTo(5);
        assertThat(new String(buffer, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("abcde");
    }

    @Test
    void anErrorAfterSomeDataFailsTheReadAfterThatData() throws IOException {
        StreamingBodySubscriber body = new StreamingBodySubscriber(2, java.time.Duration.ofSeconds(10));
        body.onSubscribe(new Subscription());
        body.onNext(item("abc"));
        body.onError(new IOException("connection reset"));

        byte[] buffer = new byte[16];
        assertThat(body.read(buffer, 0, 16)).isEqualTo(3);
        assertThatThrownBy(() -> body.read(buffer, 0, 16)).isInstanceOf(IOException.class)
                .hasMessageContaining("connection reset");
    }

    @Test
    void closeCancelsTheSubscriptionAndFailsLaterReads() {
        StreamingBodySubscriber body = new StreamingBodySubscriber(2, java.time.Duration.ofSeconds(10));
        Subscription s = new Subscription();
        body.onSubscribe(s);
        body.onNext(item("abc"));

        body.close();

        assertThat(s.cancelled).isTrue();
        assertThatThrownBy(body::read).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }

    @Test
    void aBodyThatStallsLongerThanTheReadTimeoutFailsAndCancels() throws IOException {
        StreamingBodySubscriber body = new StreamingBodySubscriber(2, java.time.Duration.ofMillis(200));
        Subscription s = new Subscription();
        body.onSubscribe(s);
        body.onNext(item("abc"));

        byte[] buffer = new byte[16];
        assertThat(body.read(buffer, 0, 16)).isEqualTo(3);
        long start = System.nanoTime();
        assertThatThrownBy(() -> body.read(buffer, 0, 16)).isInstanceOf(java.net.SocketTimeoutException.class)
                .hasMessageContaining("read timeout");
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(150_000_000L);
        assertThat(s.cancelled).isTrue();
    }

    @Test
    void aReaderWaitsForDataFromAnotherThread() throws Exception {
        StreamingBodySubscriber body = new StreamingBodySubscriber(1, java.time.Duration.ofSeconds(10));
        body.onSubscribe(new Subscription());
        Thread producer = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            body.onNext(item("late"));
            body.onComplete();
        });
        producer.start();

        try (InputStream in = body) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("late");
        }
        producer.join();
    }
}
