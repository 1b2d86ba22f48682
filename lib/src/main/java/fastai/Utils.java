package fastai;

import java.nio.file.Path;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The course's helpers in one place, for {@code import static fastai.Utils.*;}. Each verb is a
 * one-line hand-off to the class that does the work.
 */
public final class Utils {
    private Utils() { }

    // ---- batches ------------------------------------------------------------------------

    /** Fresh {@link BatchOptions} with the course's defaults (224x224 colour, batch 64, shuffled, labelled). */
    public static BatchOptions opts() { return BatchOptions.defaults(); }

    /** Batches of a folder of class folders with the default options. */
    public static Batches getBatches(String path) { return getBatches(Path.of(path), opts()); }
    public static Batches getBatches(Path path) { return getBatches(path, opts()); }

    /** Batches of a folder of class folders, {@code batchSize} images at a time. */
    public static Batches getBatches(String path, int batchSize) { return getBatches(Path.of(path), opts().batchSize(batchSize)); }
    public static Batches getBatches(Path path, int batchSize) { return getBatches(path, opts().batchSize(batchSize)); }

    /** Batches with every option spelled out, e.g. {@code opts().size(28, 28).channels(1).unlabelled()}. */
    public static Batches getBatches(String path, BatchOptions options) { return getBatches(Path.of(path), options); }
    public static Batches getBatches(Path path, BatchOptions options) { return Batches.open(path, options); }

    // ---- arrays -------------------------------------------------------------------------

    /** Saves one array (NumPy .npy format, exact, atomic); returns the file. */
    public static Path saveArray(String file, INDArray array) { return ArrayFiles.save(Path.of(file), array); }
    public static Path saveArray(Path file, INDArray array) { return ArrayFiles.save(file, array); }

    /** Loads an array saved by {@link #saveArray}. */
    public static INDArray loadArray(String file) { return ArrayFiles.load(Path.of(file)); }
    public static INDArray loadArray(Path file) { return ArrayFiles.load(file); }

    /** Class indices to one-hot rows. */
    public static INDArray onehot(int[] labels) { return OneHot.encode(labels); }
    public static INDArray onehot(int[] labels, int numClasses) { return OneHot.encode(labels, numClasses); }
    public static INDArray onehot(INDArray labels) { return OneHot.encode(labels); }
    public static INDArray onehot(INDArray labels, int numClasses) { return OneHot.encode(labels, numClasses); }
}
