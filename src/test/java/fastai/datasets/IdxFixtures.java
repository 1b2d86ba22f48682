package fastai.datasets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files (optionally gzipped) for the tests. */
final class IdxFixtures {
    private IdxFixtures() { }

    static byte[] idx(int[] shape, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * shape.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) shape.length);
        for (int s : shape) b.putInt(s);
        b.put(data);
        return b.array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(raw);
        }
        return bos.toByteArray();
    }

    static Path write(Path file, int[] shape, byte[] data, boolean gz) throws IOException {
        byte[] raw = idx(shape, data);
        Files.write(file, gz ? gzip(raw) : raw);
        return file;
    }

    /** A distinct byte pattern for image {@code i}, so a PNG can be traced to its source index. */
    static byte pixel(int i, int k) {
        return (byte) ((i * 37 + k * 11 + (k == 0 ? i : 0)) & 0xff);
    }

    /**
     * Writes a fake Fashion-MNIST set into {@code dir}: {@code perClassTrain} training and
     * {@code perClassTest} test images for each of the ten classes, size rows x cols, interleaved
     * labels (0,1,..,9,0,1,..).
     */
    static void fakeFashion(Path dir, int perClassTrain, int perClassTest, int rows, int cols) throws IOException {
        Files.createDirectories(dir);
        writeSet(dir, FashionMnist.TRAIN_IMAGES, FashionMnist.TRAIN_LABELS, 10 * perClassTrain, rows, cols, 0);
        writeSet(dir, FashionMnist.TEST_IMAGES, FashionMnist.TEST_LABELS, 10 * perClassTest, rows, cols, 1000);
    }

    /** Pixels of image {@code i} of a fake set (offset tells train from test). */
    static byte[] fakeImage(int i, int offset, int size) {
        byte[] b = new byte[size];
        for (int k = 0; k < size; k++) b[k] = pixel(i + offset, k);
        return b;
    }

    private static void writeSet(Path dir, String images, String labels, int n, int rows, int cols, int offset)
            throws IOException {
        byte[] px = new byte[n * rows * cols];
        byte[] lab = new byte[n];
        for (int i = 0; i < n; i++) {
            lab[i] = (byte) (i % 10);
            System.arraycopy(fakeImage(i, offset, rows * cols), 0, px, i * rows * cols, rows * cols);
        }
        write(dir.resolve(images), new int[] {n, rows, cols}, px, true);
        write(dir.resolve(labels), new int[] {n}, lab, true);
    }
}
