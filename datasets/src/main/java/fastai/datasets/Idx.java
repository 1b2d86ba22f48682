package fastai.datasets;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import fastai.io.DataException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST: a 4-byte magic number
 * ({@code 0x00 0x00 <type> <dims>}), one big-endian int per dimension, then the data. Only unsigned
 * bytes (type {@code 0x08}) are supported, which is all these data sets use. A gzipped file
 * ({@code .gz}) is recognised by its content and unpacked on the fly; it is read to the end so that
 * gzip's own CRC check runs.
 *
 * <p>Every problem is a {@link DataException} with one line naming the file: not found, not an IDX
 * file (wrong magic), unsupported type, truncated, trailing bytes, corrupt gzip.
 */
public final class Idx {
    private Idx() { }

    /** The content of an IDX file: its shape and its bytes (row-major, unsigned). */
    public record Array(Path source, int[] shape, byte[] data) {
        /** Size of the first dimension: the number of items. */
        public int count() { return shape[0]; }

        /** Bytes per item (the product of the other dimensions; 1 for a label file). */
        public int itemSize() {
            int s = 1;
            for (int i = 1; i < shape.length; i++) s *= shape[i];
            return s;
        }

        /** Value {@code i} as an unsigned int 0..255. */
        public int get(int i) { return data[i] & 0xff; }

        @Override public String toString() {
            return "Idx.Array" + Arrays.toString(shape) + " from " + source;
        }
    }

    /** Reads the file and checks that it has {@code expectedDims} dimensions. */
    public static Array read(Path file, int expectedDims) {
        Array a = read(file);
        if (a.shape().length != expectedDims) {
            throw corrupt(file, "expected " + expectedDims + " dimensions, found " + a.shape().length
                    + " " + Arrays.toString(a.shape()));
        }
        return a;
    }

    public static Array read(Path file) {
        if (!Files.exists(file)) throw new DataException("IDX file not found: " + file);
        if (Files.isDirectory(file)) throw new DataException("expected an IDX file but found a folder: " + file);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read(), b1 = raw.read();
            raw.reset();
            boolean gz = b0 == 0x1f && b1 == 0x8b;
            try (InputStream in = gz ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw) {
                return read(in, file);
            }
        } catch (NoSuchFileException e) {
            throw new DataException("IDX file not found: " + file, e);
        } catch (EOFException e) {
            throw corrupt(file, "the gzip data is truncated (" + e.getMessage() + ")");
        } catch (ZipException e) {
            throw corrupt(file, "the gzip data is damaged (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new DataException("cannot read IDX file " + file + ": " + e, e);
        }
    }

    private static Array read(InputStream in, Path file) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) throw corrupt(file, "only " + magic.length + " bytes, too short for the 4-byte magic number");
        if (magic[0] != 0 || magic[1] != 0) {
            throw corrupt(file, String.format("wrong magic number 0x%02x%02x%02x%02x (an IDX file starts with 0x0000)",
                    magic[0], magic[1], magic[2], magic[3]));
        }
        if (magic[2] != 0x08) {
            throw corrupt(file, String.format("data type 0x%02x is not supported (only 0x08, unsigned bytes)", magic[2]));
        }
        int dims = magic[3] & 0xff;
        if (dims < 1 || dims > 4) throw corrupt(file, "wrong magic number: " + dims + " dimensions (expected 1 to 4)");
        byte[] header = in.readNBytes(4 * dims);
        if (header.length < 4 * dims) throw corrupt(file, "truncated in the header (" + dims + " dimension sizes expected)");
        int[] shape = new int[dims];
        long total = 1;
        for (int d = 0; d < dims; d++) {
            int v = ((header[4 * d] & 0xff) << 24) | ((header[4 * d + 1] & 0xff) << 16)
                    | ((header[4 * d + 2] & 0xff) << 8) | (header[4 * d + 3] & 0xff);
            if (v < 0) throw corrupt(file, "dimension " + d + " has a negative size " + v);
            shape[d] = v;
            total *= v;
        }
        if (total > Integer.MAX_VALUE - 16) throw corrupt(file, "shape " + Arrays.toString(shape) + " is too large");
        byte[] data = in.readNBytes((int) total);
        if (data.length < total) {
            throw corrupt(file, "truncated: the header " + Arrays.toString(shape) + " promises " + total
                    + " data bytes, found " + data.length);
        }
        long extra = 0;
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) > 0; ) extra += n;
        if (extra > 0) {
            throw corrupt(file, extra + " unexpected bytes after the " + total + " data bytes of shape "
                    + Arrays.toString(shape));
        }
        return new Array(file, shape, data);
    }

    static DataException corrupt(Path file, String what) {
        return new DataException("corrupt IDX file " + file + ": " + what);
    }
}
