import java.lang.management.*;
import java.nio.*;
import java.nio.channels.*;
import java.nio.file.*;
import java.util.concurrent.atomic.*;
/**
 * Writes 512 MiB into a new file in DIR in 256 KiB chunks, alone or with a thread reading the growing file behind the
 * writer (as a cold client does), with and without force() at the end; prints MiB/s and the CPU per GiB of each
 * thread. Three rounds. docs/benchmarks.md, section 4.  java boot-jetty-app/bench/WriteProbe.java DIR
 */
public class WriteProbe {
  static final ThreadMXBean T = ManagementFactory.getThreadMXBean();
  public static void main(String[] a) throws Exception {
    Path dir = Path.of(a[0]);
    for (int r = 0; r < 3; r++) for (String mode : new String[] {"alone", "reader", "alone+force", "reader+force"}) run(dir, mode);
  }
  static void run(Path dir, String mode) throws Exception {
    Path f = Files.createTempFile(dir, "w", ".bin");
    byte[] buf = new byte[256 << 10]; new java.util.Random(1).nextBytes(buf);
    long total = 512L << 20;
    AtomicLong written = new AtomicLong(); AtomicLong readerCpu = new AtomicLong();
    Thread reader = null;
    if (mode.startsWith("reader")) {
      reader = new Thread(() -> {
        try (FileChannel in = FileChannel.open(f, StandardOpenOption.READ)) {
          byte[] rb = new byte[256 << 10]; long pos = 0;
          while (pos < total) { long w = written.get(); if (w <= pos) { Thread.onSpinWait(); continue; }
            int n = in.read(ByteBuffer.wrap(rb, 0, (int) Math.min(rb.length, w - pos)), pos); pos += n; }
        } catch (Exception e) { throw new RuntimeException(e); }
        readerCpu.set(T.getCurrentThreadCpuTime());
      });
      reader.start();
    }
    long c0 = T.getCurrentThreadCpuTime(), t0 = System.nanoTime();
    try (FileChannel out = FileChannel.open(f, StandardOpenOption.WRITE)) {
      for (long done = 0; done < total; done += buf.length) { ByteBuffer b = ByteBuffer.wrap(buf); while (b.hasRemaining()) out.write(b); written.set(done + buf.length); }
      long c1 = T.getCurrentThreadCpuTime();
      if (mode.endsWith("force")) out.force(false);
      long c2 = T.getCurrentThreadCpuTime(), t2 = System.nanoTime();
      if (reader != null) reader.join();
      System.out.printf("%-13s %6.0f MiB/s  writer CPU %.2f s/GiB (force %.2f)  reader CPU %.2f s/GiB%n", mode, 512 / ((t2 - t0) / 1e9),
        (c1 - c0) / 1e9 * 2, (c2 - c1) / 1e9 * 2, readerCpu.get() / 1e9 * 2);
    } finally { Files.delete(f); }
  }
}
