package dev.bootoperator.oci;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Creates the temp files that downloads write to: a seam so that tests can fill the disk on demand. */
@FunctionalInterface
interface BlobCacheDisk {
    BlobCacheDisk REAL = file -> FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

    /** Creates {@code file}, which must not exist, for writing. A {@link FileChannel} is forced before commit. */
    WritableByteChannel create(Path file) throws IOException;
}
