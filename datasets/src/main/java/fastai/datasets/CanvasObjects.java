package fastai.datasets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import java.util.Collections;

/**
 * A synthetic "object on a canvas" data set for lesson 7's data leakage and bounding boxes.
 *
 * <p>Each small grey item (a Fashion-MNIST picture) is pasted at a random position on a square
 * black canvas, and the canvas is centred in a fixed frame so that every example has the same
 * shape. The canvas side depends on the class (with probability {@code leak} the class's own
 * side, otherwise a side drawn at random from all classes' sides), the way the fisheries photos'
 * resolution gave away the boat and so the fish. The canvas size is returned as metadata, and the
 * tight bounding box of the item's non-zero pixels (in frame coordinates) as a label.
 * Everything is fixed by the seed.
 */
public final class CanvasObjects {
    /** Length of the metadata vector: canvas width and height in pixels. */
    public static final int META_LENGTH = 2;

    /**
     * How to lay items out.
     *
     * @param frame          side of every output image (pixels)
     * @param sidePerClass   canvas side for each class (index = class)
     * @param leak           probability that an example's canvas has its own class's side
     * @param seed           fixes positions, canvas sides and the choice of items
     */
    public record Spec(int frame, int[] sidePerClass, double leak, long seed) {
        public Spec {
            if (frame < 1) throw new IllegalArgumentException("frame must be positive, got " + frame);
            if (sidePerClass == null || sidePerClass.length == 0) throw new IllegalArgumentException("sidePerClass is empty");
            for (int s : sidePerClass) {
                if (s < 1 || s > frame) {
                    throw new IllegalArgumentException("sidePerClass " + Arrays.toString(sidePerClass) + ": every side must be in 1.." + frame + " (the frame)");
                }
            }
            if (!(leak >= 0 && leak <= 1)) throw new IllegalArgumentException("leak must be a probability in [0, 1], got " + leak);
            sidePerClass = sidePerClass.clone();
        }
        public int numClasses() { return sidePerClass.length; }
    }

    /**
     * The examples.
     *
     * @param images  [N, 1, frame, frame], pixels 0..255
     * @param labels  class index of each example (0..K-1, index into {@link Spec#sidePerClass})
     * @param meta    [N, 2]: canvas width and height in pixels (the leaky metadata)
     * @param boxes   per example {x, y, width, height} of the item's non-zero pixels, in frame pixels
     * @param sources index of the item each example was made from
     */
    public record Canvases(INDArray images, int[] labels, INDArray meta, int[][] boxes, int[] sources, Spec spec) {
        public int size() { return labels.length; }
        /** One-hot labels [N, K]. */
        public INDArray oneHot() {
            INDArray y = Nd4j.zeros(DataType.FLOAT, labels.length, spec.numClasses());
            for (int i = 0; i < labels.length; i++) y.putScalar(i, labels[i], 1f);
            return y;
        }
        /** Boxes as [N, 4] floats (x, y, width, height). */
        public INDArray boxArray() {
            INDArray b = Nd4j.zeros(DataType.FLOAT, labels.length, 4);
            for (int i = 0; i < labels.length; i++) for (int j = 0; j < 4; j++) b.putScalar(i, j, boxes[i][j]);
            return b;
        }
        /** Canvas side of example {@code i}. */
        public int canvasSide(int i) { return meta.getInt(i, 0); }
        /** Fraction of examples whose canvas has their own class's side (about leak + (1 - leak)/K). */
        public double leakRate() {
            int n = 0;
            for (int i = 0; i < labels.length; i++) if (canvasSide(i) == spec.sidePerClass()[labels[i]]) n++;
            return labels.length == 0 ? Double.NaN : (double) n / labels.length;
        }
    }

    private CanvasObjects() { }

    /**
     * Places items on canvases.
     *
     * @param pixels   items, one byte per pixel, item {@code i} at {@code pixels[i*rows*cols ...]}
     * @param classOf  class (0..K-1) of each item, or -1 to skip the item
     * @param perClass how many examples of each class to make (the first items of that class, in order)
     */
    public static Canvases generate(byte[] pixels, int rows, int cols, int[] classOf, int perClass, Spec spec) {
        if (rows < 1 || cols < 1 || pixels.length % (rows * cols) != 0) {
            throw new IllegalArgumentException("pixels length " + pixels.length + " is not a multiple of rows*cols = " + rows + "*" + cols);
        }
        int items = pixels.length / (rows * cols);
        if (classOf.length != items) throw new IllegalArgumentException("classOf has " + classOf.length + " entries for " + items + " items");
        for (int s : spec.sidePerClass()) {
            if (s < rows || s < cols) {
                throw new IllegalArgumentException("canvas side " + s + " (in sidePerClass " + Arrays.toString(spec.sidePerClass())
                        + ") is smaller than the object (" + rows + "x" + cols + ")");
            }
        }
        int k = spec.numClasses();
        List<Integer> chosen = new ArrayList<>();
        int[] taken = new int[k];
        for (int i = 0; i < items; i++) {
            int c = classOf[i];
            if (c < -1 || c >= k) throw new IllegalArgumentException("classOf[" + i + "] = " + c + ", expected -1 or 0.." + (k - 1));
            if (c >= 0 && taken[c] < perClass) { chosen.add(i); taken[c]++; }
        }
        for (int c = 0; c < k; c++) {
            if (taken[c] < perClass) throw new IllegalArgumentException("class " + c + " has only " + taken[c] + " items, " + perClass + " wanted (perClass)");
        }
        // shuffle the examples so that classes are mixed
        Random rnd = new Random(spec.seed());
        Collections.shuffle(chosen, rnd);
        int n = chosen.size(), f = spec.frame();
        float[] img = new float[n * f * f];
        float[] meta = new float[n * META_LENGTH];
        int[] labels = new int[n], sources = new int[n];
        int[][] boxes = new int[n][];
        for (int e = 0; e < n; e++) {
            int item = chosen.get(e), c = classOf[item];
            int side = rnd.nextDouble() < spec.leak() ? spec.sidePerClass()[c] : spec.sidePerClass()[rnd.nextInt(k)];
            int origin = (f - side) / 2;                       // canvas centred in the frame
            int x0 = origin + rnd.nextInt(side - cols + 1);    // item fully inside the canvas
            int y0 = origin + rnd.nextInt(side - rows + 1);
            boxes[e] = paste(pixels, item * rows * cols, rows, cols, img, e * f * f, f, x0, y0);
            labels[e] = c;
            sources[e] = item;
            meta[e * META_LENGTH] = side;
            meta[e * META_LENGTH + 1] = side;
        }
        INDArray images = Nd4j.create(img, new long[] {n, 1, f, f}, DataType.FLOAT);
        return new Canvases(images, labels, Nd4j.create(meta, new long[] {n, META_LENGTH}, DataType.FLOAT), boxes, sources, spec);
    }

    /** As above from Fashion-MNIST, with {@code fashionClasses.get(j)} (a Fashion-MNIST label) becoming class j. */
    public static Canvases generate(FashionMnist.Images src, List<Integer> fashionClasses, int perClass, Spec spec) {
        if (fashionClasses.size() != spec.numClasses()) {
            throw new IllegalArgumentException(fashionClasses.size() + " fashionClasses but sidePerClass has " + spec.numClasses() + " sides");
        }
        int[] classOf = new int[src.count()];
        for (int i = 0; i < classOf.length; i++) classOf[i] = fashionClasses.indexOf(src.label(i));
        return generate(src.pixels(), src.rows(), src.cols(), classOf, perClass, spec);
    }

    /** Copies one item into the frame at (x0, y0); returns the tight box {x, y, w, h} of its non-zero pixels. */
    private static int[] paste(byte[] src, int off, int rows, int cols, float[] dst, int dstOff, int frame, int x0, int y0) {
        int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int v = src[off + r * cols + c] & 0xff;
                dst[dstOff + (y0 + r) * frame + x0 + c] = v;
                if (v != 0) {
                    minX = Math.min(minX, c); maxX = Math.max(maxX, c);
                    minY = Math.min(minY, r); maxY = Math.max(maxY, r);
                }
            }
        }
        if (maxX < 0) return new int[] {x0, y0, cols, rows};   // a blank item: its whole patch
        return new int[] {x0 + minX, y0 + minY, maxX - minX + 1, maxY - minY + 1};
    }
}
