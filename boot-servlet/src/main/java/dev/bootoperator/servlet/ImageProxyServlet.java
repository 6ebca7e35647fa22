package dev.bootoperator.servlet;

import dev.bootoperator.boot.BootResponse;
import dev.bootoperator.oci.CachedBlob;
import dev.bootoperator.oci.ImageProxy;
import dev.bootoperator.oci.ImageProxyResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the image proxy ({@code /image?…}, {@code /httpboot/…/sha256-….efi}) from any Servlet 6.0 container.
 * Every decision is {@link ImageProxy}'s; this class streams the bytes through one fixed buffer, so memory does
 * not grow with the layer. When a layer fails verification or upstream breaks mid-stream, the response is
 * aborted: the client sees a connection cut short of its Content-Length, never a complete-looking body.
 *
 * <pre>{@code
 * ImageProxy proxy = ImageProxy.builder(registry, BlobCache.open(cacheDir, 20L << 30)).build();
 * context.addServlet(new ServletHolder(new ImageProxyServlet(proxy)), "/*");
 * }</pre>
 */
public class ImageProxyServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ImageProxyServlet.class);
    static final int BUFFER = 256 * 1024;

    private final transient ImageProxy proxy;

    public ImageProxyServlet(ImageProxy proxy) {
        this.proxy = Objects.requireNonNull(proxy, "proxy");
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        answer(proxy.handle(BootRequests.of(req)), req, resp, this);
    }

    /**
     * Sends {@code [offset, offset + length)} of a verified, committed blob file, if the container offers a way
     * that beats copying through a heap buffer; returns false to have it streamed instead. Containers' adapters
     * override it (the Jetty app writes a memory-mapped buffer). A file evicted meanwhile is a
     * {@link java.nio.file.NoSuchFileException}, after which the blob is streamed.
     */
    protected boolean sendVerifiedFile(Path file, long offset, long length, HttpServletResponse resp) throws IOException {
        return false;
    }

    /** Writes an image-proxy answer: the message, or the layer's headers and (except for HEAD) its bytes. */
    static void answer(ImageProxyResponse answer, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        answer(answer, req, resp, null);
    }

    private static void answer(ImageProxyResponse answer, HttpServletRequest req, HttpServletResponse resp,
            ImageProxyServlet files) throws IOException {
        if (answer instanceof ImageProxyResponse.Message m) {
            BootRequests.write(m.response(), req, resp);
            return;
        }
        ImageProxyResponse.Layer layer = (ImageProxyResponse.Layer) answer;
        resp.setStatus(layer.status());
        resp.setContentType(layer.contentType());
        for (Map.Entry<String, String> header : layer.headers().entrySet()) {
            resp.setHeader(header.getKey(), header.getValue());
        }
        resp.setContentLengthLong(layer.length());
        if ("HEAD".equalsIgnoreCase(req.getMethod())) {
            return;
        }
        stream(layer, req, resp, files);
    }

    private static void stream(ImageProxyResponse.Layer layer, HttpServletRequest req, HttpServletResponse resp,
            ImageProxyServlet files) throws IOException {
        long sent = 0;
        InputStream in;
        try {
            CachedBlob blob = layer.blob();
            Optional<Path> file = files == null ? Optional.empty() : blob.verifiedFile();
            if (file.isPresent()) {
                try {
                    if (files.sendVerifiedFile(file.get(), layer.offset(), layer.length(), resp)) {
                        return;
                    }
                } catch (NoSuchFileException evicted) {
                    // evicted since the lookup: stream it, which fetches it again
                }
            }
            in = blob.openStream(layer.offset(), layer.length());
        } catch (IOException e) {
            upstreamFailed(layer, req, resp, sent, e);
            return;
        }
        try (in) {
            OutputStream out = resp.getOutputStream();
            byte[] buffer = new byte[BUFFER];
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    upstreamFailed(layer, req, resp, sent, e);
                    return;
                }
                if (n < 0) {
                    return;
                }
                out.write(buffer, 0, n); // an IOException here is the client going away
                sent += n;
            }
        }
    }

    private static void upstreamFailed(ImageProxyResponse.Layer layer, HttpServletRequest req, HttpServletResponse resp,
            long sent, IOException e) throws IOException {
        if (!resp.isCommitted()) {
            // Nothing reached the client yet: answer with the reason instead.
            LOG.warn("{} {}: {}", req.getMethod(), req.getRequestURI(), e.getMessage());
            resp.reset();
            BootRequests.write(BootResponse.text(502, "layer unavailable: " + e.getMessage()), req, resp);
            return;
        }
        LOG.warn("{} {}: aborted after {} of {} bytes: {}", req.getMethod(), req.getRequestURI(), sent, layer.length(),
                e.getMessage());
        throw e; // the container cuts the connection short of its Content-Length
    }
}
