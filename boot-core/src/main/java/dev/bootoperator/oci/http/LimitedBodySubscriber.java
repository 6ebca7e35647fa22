package dev.bootoperator.oci.http;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** Collects a body into memory, and cancels the exchange as soon as it grows past {@code limit}. */
final class LimitedBodySubscriber implements BodySubscriber<byte[]> {
    private final URI uri;
    private final int limit;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    LimitedBodySubscriber(URI uri, int limit) {
        this.uri = uri;
        this.limit = limit;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer item : items) {
            if ((long) out.size() + item.remaining() > limit) {
                subscription.cancel();
                result.completeExceptionally(new BodyTooLargeException(uri, limit));
                return;
            }
            byte[] chunk = new byte[item.remaining()];
            item.get(chunk);
            out.writeBytes(chunk);
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(out.toByteArray());
    }
}
