package fastai.io;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Saves and loads one {@link INDArray} per file, the way the course kept precomputed features
 * and predictions on disk. The file is NumPy's {@code .npy} format (ND4J writes and reads it):
 * a short text header with the data type and shape, then the raw values, so a round trip is
 * exact and the file can also be opened with {@code numpy.load}. Writing is atomic.
 */
public final class ArrayFiles {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=]?)([a-zA-Z])(\\d+)'");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private ArrayFiles() { }

    /** Writes {@code array} to {@code file} (any view or ordering; stored as a C-ordered copy). */
    public static Path save(Path file, INDArray array) {
        if (array == null) throw new IllegalArgumentException("cannot save a null array to " + file);
        boolean plain = !array.isView() && array.ordering() == 'c' && array.data().length() == array.length();
        INDArray contiguous = plain ? array : array.dup('c');
        return AtomicFiles.write(file, tmp -> Nd4j.writeAsNumpy(contiguous, tmp.toFile()));
    }

    /** Reads an array written by {@link #save}; a file of another kind gives a one-line error naming it. */
    public static INDArray load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no saved array at " + file.toAbsolutePath() + " (file not found)");
        }
        checkHeader(file);
        try {
            return Nd4j.createFromNpyFile(file.toFile());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file.toAbsolutePath() + " is not a saved array file ("
                    + e.getMessage() + ")", e);
        }
    }

    /** Validates magic, header and length before handing the file to ND4J (which trusts both). */
    private static void checkHeader(Path file) {
        String name = file.toAbsolutePath().toString();
        try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(raw)) {
            long size = Files.size(file);
            byte[] magic = new byte[8];
            if (size < 10 || in.read(magic) != 8 || !startsWith(magic, MAGIC)) {
                throw new IllegalArgumentException(name + " is not a saved array file (no .npy header)");
            }
            int major = magic[6];
            int lo = in.readUnsignedByte();
            int hi = in.readUnsignedByte();
            long headerLen = lo | (hi << 8);
            int prefix = 10;
            if (major >= 2) {
                int b3 = in.readUnsignedByte();
                int b4 = in.readUnsignedByte();
                headerLen |= ((long) b3 << 16) | ((long) b4 << 24);
                prefix = 12;
            }
            if (headerLen <= 0 || prefix + headerLen > size) {
                throw new IllegalArgumentException(name + " is not a saved array file (broken .npy header)");
            }
            byte[] header = in.readNBytes((int) headerLen);
            String h = new String(header, StandardCharsets.ISO_8859_1);
            Matcher d = DESCR.matcher(h);
            Matcher s = SHAPE.matcher(h);
            if (!d.find() || !s.find()) {
                throw new IllegalArgumentException(name + " is not a saved array file (unreadable .npy header)");
            }
            long width = Long.parseLong(d.group(3));
            long count = 1;
            for (String part : s.group(1).split(",")) {
                if (!part.isBlank()) count *= Long.parseLong(part.trim());
            }
            long expected = prefix + headerLen + count * width;
            if (size < expected) {
                throw new IllegalArgumentException(name + " is truncated: " + size + " bytes, expected "
                        + expected + " for " + count + " values");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + name + ": " + e.getMessage(), e);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a saved array file (bad shape in .npy header)");
        }
    }

    private static boolean startsWith(byte[] a, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) if (a[i] != prefix[i]) return false;
        return true;
    }
}
