package fastai.datasets;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import fastai.io.DataException;

/**
 * Fashion-MNIST (Zalando Research, MIT licence): 70,000 grey 28x28 images of clothing in ten
 * classes, 60,000 for training and 10,000 for testing, as gzipped IDX files. On Debian they come
 * with {@code apt-get install dataset-fashion-mnist} in {@value #DEBIAN_DIR_NAME}.
 *
 * <p>Pixels are stored as in the files: 0 is the black background, 255 the brightest part of the
 * garment.
 */
public final class FashionMnist {
    static final String DEBIAN_DIR_NAME = "/usr/share/datasets/fashion-mnist";
    /** Where the Debian package {@code dataset-fashion-mnist} puts the files. */
    public static final Path DEBIAN_DIR = Path.of(DEBIAN_DIR_NAME);
    public static final String INSTALL_HINT = "install it with `apt-get install dataset-fashion-mnist`";

    /** Folder-friendly class names, index = Fashion-MNIST label. */
    public static final List<String> CLASSES = List.of(
            "tshirt_top", "trouser", "pullover", "dress", "coat",
            "sandal", "shirt", "sneaker", "bag", "ankle_boot");

    public static final int SNEAKER = 7;
    public static final int ANKLE_BOOT = 9;

    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";

    private FashionMnist() { }

    /**
     * Labelled images, one byte per pixel, image {@code i} at {@code pixels[i*rows*cols ...]}.
     */
    public record Images(Path source, int count, int rows, int cols, byte[] pixels, byte[] labels) {
        public int label(int i) { return labels[i] & 0xff; }

        public int pixel(int i, int row, int col) { return pixels[(i * rows + row) * cols + col] & 0xff; }

        /** Image {@code i} as a grey {@link BufferedImage}. */
        public BufferedImage image(int i) {
            return GrayImages.toImage(pixels, i * rows * cols, rows, cols);
        }

        @Override public String toString() {
            return "FashionMnist.Images[" + count + " x " + rows + "x" + cols + " from " + source + "]";
        }
    }

    /** The 60,000 training images from the Debian package. */
    public static Images train() { return train(DEBIAN_DIR); }

    /** The 10,000 test images from the Debian package. */
    public static Images test() { return test(DEBIAN_DIR); }

    public static Images train(Path dir) { return load(dir, TRAIN_IMAGES, TRAIN_LABELS); }

    public static Images test(Path dir) { return load(dir, TEST_IMAGES, TEST_LABELS); }

    /** True when the four files are present in {@code dir}. */
    public static boolean present(Path dir) {
        for (String f : List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS)) {
            if (!Files.isRegularFile(dir.resolve(f))) return false;
        }
        return true;
    }

    static Images load(Path dir, String imagesName, String labelsName) {
        Path imagesFile = dir.resolve(imagesName), labelsFile = dir.resolve(labelsName);
        for (Path f : List.of(imagesFile, labelsFile)) {
            if (!Files.exists(f)) throw new DataException("Fashion-MNIST not found at " + f + ": " + INSTALL_HINT);
        }
        Idx.Array img = Idx.read(imagesFile, 3);
        Idx.Array lab = Idx.read(labelsFile, 1);
        if (img.count() != lab.count()) {
            throw new DataException("Fashion-MNIST files do not match: " + imagesFile + " has " + img.count()
                    + " images but " + labelsFile + " has " + lab.count() + " labels");
        }
        byte[] labels = lab.data();
        for (int i = 0; i < labels.length; i++) {
            if ((labels[i] & 0xff) >= CLASSES.size()) {
                throw Idx.corrupt(labelsFile, "label " + (labels[i] & 0xff) + " at index " + i + " is not a class 0..9");
            }
        }
        return new Images(imagesFile, img.count(), img.shape()[1], img.shape()[2], img.data(), labels);
    }
}
