package fastai;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import fastai.mnist.Digits;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;
import fastai.display.Plots;
import java.awt.color.ColorSpace;

/**
 * Hand-made filters on one grey image, written out as plain loops so a learner can read what a
 * convolutional layer computes: 2-D correlation and convolution with a small square filter, the
 * course's edge filters, the Sobel filters and their magnitude, max-pooling, and conversions
 * to and from pictures.
 *
 * <p>An image is a {@code double[rows][cols]} (row 0 at the top). Like a CNN layer (and DL4J's
 * {@code ConvolutionLayer}), {@link #correlate} slides the filter over the image without
 * flipping it; {@link #convolve} is the textbook convolution, which flips the filter first.
 * {@link #correlateNd4j} and {@link #maxPoolNd4j} do the same sums with ND4J's own conv2d and
 * max-pooling ops, so the hand loops can be checked against them.
 */
public final class Convolutions {
    private Convolutions() { }

    /** How the border is handled. */
    public enum Padding {
        /** Zeros around the image; the output has the image's size (DL4J's {@code ConvolutionMode.Same}). */
        SAME,
        /** Only where the whole filter fits; the output is {@code size - 1} smaller each way (DL4J's {@code Truncate}). */
        VALID
    }

    /** A named square filter of odd size (3x3, 5x5, ...), so that it has a centre pixel. */
    public record Filter(String name, double[][] weights) {
        public Filter {
            if (name == null || name.isBlank()) throw new IllegalArgumentException("filter name is empty");
            weights = copy(checkFilter(weights, "filter '" + name + "'"));
        }

        /** A copy of the weights (the record keeps its own). */
        @Override
        public double[][] weights() { return copy(weights); }

        public int size() { return weights.length; }

        /** The filter turned {@code times} quarter turns anticlockwise (numpy's {@code rot90}). */
        public Filter rot90(int times, String newName) {
            double[][] w = weights;
            for (int t = 0; t < Math.floorMod(times, 4); t++) w = rotateAnticlockwise(w);
            return new Filter(newName, w);
        }

        /** The weights as a small picture: most negative black, most positive white. */
        public BufferedImage image() { return toImage(weights); }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(name).append('\n');
            for (double[] row : weights) {
                for (double v : row) sb.append(String.format("%6.2f", v));
                sb.append('\n');
            }
            return sb.toString();
        }
    }

    // ---------------------------------------------------------------- the named filters

    /**
     * The course's top edge: dark row above, bright row on the centre. It answers most at the
     * upper edge of a bright stroke on a dark background.
     */
    public static Filter topEdge() {
        return new Filter("top edge", new double[][] {{-1, -1, -1}, {1, 1, 1}, {0, 0, 0}});
    }

    /** {@link #topEdge} turned a quarter anticlockwise: dark column left, bright centre column. */
    public static Filter leftEdge() { return topEdge().rot90(1, "left edge"); }

    public static Filter bottomEdge() { return topEdge().rot90(2, "bottom edge"); }

    public static Filter rightEdge() { return topEdge().rot90(3, "right edge"); }

    /**
     * The course's diagonal: a bright anti-diagonal with a darker (-1.5) diagonal just below and
     * to the right of it, i.e. the lower-right side of a stroke running like '/'.
     */
    public static Filter diagonalBottomRight() {
        return new Filter("diag bottom-right", new double[][] {{0, 0, 1}, {0, 1, -1.5}, {1, -1.5, 0}});
    }

    /** The diagonal turned a quarter anticlockwise: the upper-right side of a '\' stroke. */
    public static Filter diagonalTopRight() { return diagonalBottomRight().rot90(1, "diag top-right"); }

    public static Filter diagonalTopLeft() { return diagonalBottomRight().rot90(2, "diag top-left"); }

    public static Filter diagonalBottomLeft() { return diagonalBottomRight().rot90(3, "diag bottom-left"); }

    /** The four straight edges, in the course's order (top, then each quarter turn anticlockwise). */
    public static List<Filter> straightEdges() {
        return List.of(topEdge(), leftEdge(), bottomEdge(), rightEdge());
    }

    /** The four diagonal edges, in the course's order. */
    public static List<Filter> diagonalEdges() {
        return List.of(diagonalBottomRight(), diagonalTopRight(), diagonalTopLeft(), diagonalBottomLeft());
    }

    /** The eight filters the course's 8-versus-1 classifier uses: four straight edges, four diagonals. */
    public static List<Filter> edgeFilters() {
        List<Filter> all = new ArrayList<>(straightEdges());
        all.addAll(diagonalEdges());
        return List.copyOf(all);
    }

    /** Sobel x, as in the CNN article: positive where the image gets brighter to the right. */
    public static Filter sobelX() {
        return new Filter("Sobel x", new double[][] {{-1, 0, 1}, {-2, 0, 2}, {-1, 0, 1}});
    }

    /** Sobel y, as in the CNN article: positive where the image gets brighter upwards. */
    public static Filter sobelY() {
        return new Filter("Sobel y", new double[][] {{1, 2, 1}, {0, 0, 0}, {-1, -2, -1}});
    }

    // ---------------------------------------------------------------- the sums

    /** Correlation with a zero border: the output has the image's size. */
    public static double[][] correlate(double[][] image, Filter filter) {
        return correlate(image, filter.weights, Padding.SAME);
    }

    public static double[][] correlate(double[][] image, Filter filter, Padding padding) {
        return correlate(image, filter.weights, padding);
    }

    /**
     * out[r][c] = sum over i, j of filter[i][j] * image[r + i - h][c + j - h], h = half the filter
     * size (SAME: pixels outside the image count as 0; VALID: only positions where the whole
     * filter lies on the image, so out[r][c] is centred on image[r + h][c + h]).
     */
    public static double[][] correlate(double[][] image, double[][] filter, Padding padding) {
        checkImage(image, "image");
        checkFilter(filter, "filter");
        if (padding == null) throw new IllegalArgumentException("padding is null: use Padding.SAME or Padding.VALID");
        int rows = image.length, cols = image[0].length, k = filter.length, h = k / 2;
        int outRows = padding == Padding.SAME ? rows : rows - k + 1;
        int outCols = padding == Padding.SAME ? cols : cols - k + 1;
        if (outRows < 1 || outCols < 1) {
            throw new IllegalArgumentException("image is " + rows + "x" + cols + ", smaller than the " + k + "x" + k
                    + " filter: VALID padding leaves nothing (use Padding.SAME or a smaller filter)");
        }
        int shift = padding == Padding.SAME ? h : 0; // top-left of the window, relative to the output position
        double[][] out = new double[outRows][outCols];
        for (int r = 0; r < outRows; r++) {
            for (int c = 0; c < outCols; c++) {
                double sum = 0;
                for (int i = 0; i < k; i++) {
                    int y = r + i - shift;
                    if (y < 0 || y >= rows) continue; // zero padding
                    for (int j = 0; j < k; j++) {
                        int x = c + j - shift;
                        if (x >= 0 && x < cols) sum += filter[i][j] * image[y][x];
                    }
                }
                out[r][c] = sum;
            }
        }
        return out;
    }

    /** Textbook convolution: correlation with the filter turned half a turn. */
    public static double[][] convolve(double[][] image, Filter filter, Padding padding) {
        return correlate(image, filter.rot90(2, filter.name + " (turned)").weights, padding);
    }

    public static double[][] convolve(double[][] image, double[][] filter, Padding padding) {
        checkFilter(filter, "filter");
        return correlate(image, rotateAnticlockwise(rotateAnticlockwise(filter)), padding);
    }

    /** Each filter in turn on the same image. */
    public static List<double[][]> correlateAll(double[][] image, List<Filter> filters, Padding padding) {
        if (filters == null || filters.isEmpty()) throw new IllegalArgumentException("filters is empty: give at least one filter");
        List<double[][]> out = new ArrayList<>(filters.size());
        for (Filter f : filters) out.add(correlate(image, f.weights, padding));
        return out;
    }

    /** The Sobel edge strength, hypot(Sobel x, Sobel y) at every pixel (the article's "mag"). */
    public static double[][] sobelMagnitude(double[][] image, Padding padding) {
        double[][] gx = correlate(image, sobelX().weights, padding);
        double[][] gy = correlate(image, sobelY().weights, padding);
        return magnitude(gx, gy);
    }

    /** hypot(a, b) element by element; a and b must have the same shape. */
    public static double[][] magnitude(double[][] a, double[][] b) {
        checkImage(a, "a");
        checkImage(b, "b");
        if (a.length != b.length || a[0].length != b[0].length) {
            throw new IllegalArgumentException("a is " + shape(a) + " but b is " + shape(b) + "; they must match");
        }
        double[][] out = new double[a.length][a[0].length];
        for (int r = 0; r < a.length; r++) for (int c = 0; c < a[0].length; c++) out[r][c] = Math.hypot(a[r][c], b[r][c]);
        return out;
    }

    /**
     * Max-pooling: the largest value of each {@code size} x {@code size} block, blocks side by
     * side (stride = size). Rows or columns left over at the bottom or right are dropped, as
     * DL4J's pooling layers do by default.
     */
    public static double[][] maxPool(double[][] image, int size) {
        checkImage(image, "image");
        if (size < 1) throw new IllegalArgumentException("size is " + size + ": the pooling window must be at least 1");
        int rows = image.length / size, cols = image[0].length / size;
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("size is " + size + " but image is only " + shape(image) + ": the pooling window must fit");
        }
        double[][] out = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double m = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < size; i++) for (int j = 0; j < size; j++) m = Math.max(m, image[r * size + i][c * size + j]);
                out[r][c] = m;
            }
        }
        return out;
    }

    /** A rectangle cut out of an image (the course zoomed in this way). */
    public static double[][] crop(double[][] image, int top, int left, int height, int width) {
        checkImage(image, "image");
        if (top < 0 || left < 0 || height < 1 || width < 1 || top + height > image.length || left + width > image[0].length) {
            throw new IllegalArgumentException("crop rows " + top + ".." + (top + height - 1) + ", columns " + left + ".."
                    + (left + width - 1) + " does not lie inside the " + shape(image) + " image");
        }
        double[][] out = new double[height][];
        for (int r = 0; r < height; r++) out[r] = Arrays.copyOfRange(image[top + r], left, left + width);
        return out;
    }

    // ---------------------------------------------------------------- the same with ND4J's ops

    /**
     * ND4J's own conv2d op (the one DL4J's convolution layers run) with the given filters as its
     * weights and no bias: images [N, 1, H, W] in, [N, filters, H', W'] out, no flipping.
     */
    public static INDArray correlateNd4j(INDArray images, List<Filter> filters, Padding padding) {
        if (images == null) throw new IllegalArgumentException("images is null");
        if (images.rank() != 4 || images.size(1) != 1) {
            throw new IllegalArgumentException("images must be [N, 1, height, width] (grey), got " + Arrays.toString(images.shape()));
        }
        if (filters == null || filters.isEmpty()) throw new IllegalArgumentException("filters is empty: give at least one filter");
        if (padding == null) throw new IllegalArgumentException("padding is null: use Padding.SAME or Padding.VALID");
        int k = filters.get(0).size();
        double[][][][] w = new double[filters.size()][1][][];
        for (int f = 0; f < filters.size(); f++) {
            if (filters.get(f).size() != k) {
                throw new IllegalArgumentException("filters must all have one size: '" + filters.get(0).name() + "' is " + k + "x" + k
                        + ", '" + filters.get(f).name() + "' is " + filters.get(f).size() + "x" + filters.get(f).size());
            }
            w[f][0] = filters.get(f).weights;
        }
        DataType dt = images.dataType().isFPType() ? images.dataType() : DataType.FLOAT;
        INDArray x = images.castTo(dt);
        INDArray weights = Nd4j.createFromArray(w).castTo(dt); // [out, in, kH, kW]
        Conv2DConfig conf = Conv2DConfig.builder().kH(k).kW(k).sH(1).sW(1).dH(1).dW(1)
                .paddingMode(padding == Padding.SAME ? PaddingMode.SAME : PaddingMode.VALID)
                .dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.OIYX).build();
        return Nd4j.cnn().conv2d(x, weights, conf);
    }

    /** ND4J's max-pooling op, {@code size} x {@code size} windows with stride {@code size}, on [N, C, H, W]. */
    public static INDArray maxPoolNd4j(INDArray images, int size) {
        if (images == null) throw new IllegalArgumentException("images is null");
        if (images.rank() != 4) throw new IllegalArgumentException("images must be [N, channels, height, width], got " + Arrays.toString(images.shape()));
        if (size < 1 || size > images.size(2) || size > images.size(3)) {
            throw new IllegalArgumentException("size is " + size + " but images are " + images.size(2) + "x" + images.size(3) + ": the pooling window must fit");
        }
        Pooling2DConfig conf = Pooling2DConfig.builder().kH(size).kW(size).sH(size).sW(size)
                .paddingMode(PaddingMode.VALID).isNHWC(false).build();
        return Nd4j.cnn().maxPooling2d(images, conf);
    }

    // ---------------------------------------------------------------- arrays and pictures

    /** A grey image from an INDArray [H, W] (or [1, H, W], [1, 1, H, W]). */
    public static double[][] fromArray(INDArray a) {
        if (a == null) throw new IllegalArgumentException("array is null");
        INDArray m = a;
        while (m.rank() > 2 && m.size(0) == 1) m = m.reshape(Arrays.copyOfRange(m.shape(), 1, m.rank()));
        if (m.rank() != 2 || m.size(0) < 1 || m.size(1) < 1) {
            throw new IllegalArgumentException("array must be one grey image [height, width] (leading 1s allowed), got "
                    + Arrays.toString(a.shape()));
        }
        return m.castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    /** The image as a DOUBLE INDArray [H, W]. */
    public static INDArray toArray(double[][] image) {
        checkImage(image, "image");
        return Nd4j.createFromArray(image);
    }

    /** Several same-sized images as [N, 1, H, W] FLOAT, the layout conv layers take. */
    public static INDArray stack(List<double[][]> images) {
        if (images == null || images.isEmpty()) throw new IllegalArgumentException("images is empty");
        int rows = images.get(0).length, cols = checkImage(images.get(0), "images[0]")[0].length;
        float[] f = new float[images.size() * rows * cols];
        int p = 0;
        for (int n = 0; n < images.size(); n++) {
            double[][] im = checkImage(images.get(n), "images[" + n + "]");
            if (im.length != rows || im[0].length != cols) {
                throw new IllegalArgumentException("images[" + n + "] is " + shape(im) + " but images[0] is " + rows + "x" + cols);
            }
            for (double[] row : im) for (double v : row) f[p++] = (float) v;
        }
        return Nd4j.create(f, new long[] {images.size(), 1, rows, cols}, 'c');
    }

    /** The images of one digit from an MNIST split (at most {@code limit}, in file order), each 28x28 in [0, 1]. */
    public static List<double[][]> digits(Digits split, int digit, int limit) {
        if (split == null) throw new IllegalArgumentException("split is null");
        if (digit < 0 || digit > 9) throw new IllegalArgumentException("digit is " + digit + ": must be 0..9");
        if (limit < 1) throw new IllegalArgumentException("limit is " + limit + ": must be at least 1");
        int[] labels = split.labels().toIntVector();
        List<double[][]> out = new ArrayList<>();
        for (int i = 0; i < labels.length && out.size() < limit; i++) {
            if (labels[i] != digit) continue;
            double[] px = split.images().getRow(i).castTo(DataType.DOUBLE).toDoubleVector();
            double[][] im = new double[split.rows()][split.cols()];
            for (int r = 0; r < split.rows(); r++) System.arraycopy(px, r * split.cols(), im[r], 0, split.cols());
            out.add(im);
        }
        return out;
    }

    /**
     * A picture as grey levels 0..255: a grey picture's own levels, a colour one's luma
     * (0.299 R + 0.587 G + 0.114 B).
     */
    public static double[][] fromImage(BufferedImage img) {
        if (img == null) throw new IllegalArgumentException("image is null");
        double[][] out = new double[img.getHeight()][img.getWidth()];
        if (img.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            // Read the stored levels: getRGB would pass them through Java's linear-grey colour
            // space and hand back brighter values than the file holds.
            var raster = img.getRaster();
            double max = (1 << img.getColorModel().getComponentSize(0)) - 1;
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) out[y][x] = raster.getSample(x, y, 0) * 255.0 / max;
            }
            return out;
        }
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                out[y][x] = 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
            }
        }
        return out;
    }

    /** A photo file as grey levels 0..255; a clear message when it is missing or not an image. */
    public static double[][] readGrey(Path file) {
        if (file == null) throw new IllegalArgumentException("file is null");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no image at " + file.toAbsolutePath()
                    + (file.toString().contains("photos") ? " (run `bash datasets/photos.sh` to fetch the photos)" : ""));
        }
        return fromImage(Plots.read(file));
    }

    /**
     * A grey picture for display, stretched so the smallest value is black and the largest white
     * (so a filter's output, which can be negative, shows zero as mid-grey when it is symmetric).
     */
    public static BufferedImage toImage(double[][] image) {
        checkImage(image, "image");
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] row : image) for (double v : row) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        return toImage(image, lo, hi);
    }

    /** A grey picture for display: {@code lo} and below black, {@code hi} and above white. */
    public static BufferedImage toImage(double[][] image, double lo, double hi) {
        checkImage(image, "image");
        if (!(hi >= lo)) throw new IllegalArgumentException("hi (" + hi + ") is below lo (" + lo + ")");
        BufferedImage out = new BufferedImage(image[0].length, image.length, BufferedImage.TYPE_BYTE_GRAY);
        double scale = hi > lo ? 255.0 / (hi - lo) : 0;
        for (int y = 0; y < image.length; y++) {
            for (int x = 0; x < image[0].length; x++) {
                double v = hi > lo ? (image[y][x] - lo) * scale : 128;
                out.getRaster().setSample(x, y, 0, (int) Math.max(0, Math.min(255, Math.round(v))));
            }
        }
        return out;
    }

    /**
     * A filter's output for display: 0 is mid-grey, and values beyond the {@code quantile} of
     * the absolute values (e.g. 0.99) are shown as full black or white. A few extreme pixels (a
     * highlight in an eye) would otherwise squeeze everything else into grey.
     */
    public static BufferedImage toImageRobust(double[][] image, double quantile) {
        checkImage(image, "image");
        if (!(quantile > 0 && quantile <= 1)) throw new IllegalArgumentException("quantile is " + quantile + ": must be in (0, 1]");
        double[] abs = new double[image.length * image[0].length];
        int p = 0;
        for (double[] row : image) for (double v : row) abs[p++] = Math.abs(v);
        Arrays.sort(abs);
        double q = abs[Math.min(abs.length - 1, (int) Math.ceil(quantile * abs.length) - 1)];
        return q == 0 ? toImage(image, -1, 1) : toImage(image, -q, q);
    }

    /** Each image as a picture stretched on one common range, so their brightness can be compared. */
    public static List<BufferedImage> toImages(List<double[][]> images) {
        if (images == null || images.isEmpty()) throw new IllegalArgumentException("images is empty");
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int n = 0; n < images.size(); n++) {
            for (double[] row : checkImage(images.get(n), "images[" + n + "]")) {
                for (double v : row) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
            }
        }
        List<BufferedImage> out = new ArrayList<>();
        for (double[][] im : images) out.add(toImage(im, lo, hi));
        return out;
    }

    /** "rows x cols". */
    public static String shape(double[][] image) {
        return image == null ? "null" : image.length + "x" + (image.length == 0 || image[0] == null ? 0 : image[0].length);
    }

    // ---------------------------------------------------------------- checks

    static double[][] checkImage(double[][] image, String what) {
        if (image == null) throw new IllegalArgumentException(what + " is null");
        if (image.length == 0 || image[0] == null || image[0].length == 0) {
            throw new IllegalArgumentException(what + " is empty (" + shape(image) + "): it needs at least one pixel");
        }
        for (int r = 0; r < image.length; r++) {
            if (image[r] == null || image[r].length != image[0].length) {
                throw new IllegalArgumentException(what + " is ragged: row " + r + " has " + (image[r] == null ? "no" : image[r].length)
                        + " values but row 0 has " + image[0].length);
            }
        }
        return image;
    }

    static double[][] checkFilter(double[][] filter, String what) {
        if (filter == null) throw new IllegalArgumentException(what + " is null");
        if (filter.length == 0) throw new IllegalArgumentException(what + " is empty: it needs at least one weight");
        for (int r = 0; r < filter.length; r++) {
            if (filter[r] == null || filter[r].length != filter.length) {
                throw new IllegalArgumentException(what + " must be square (k x k), but it has " + filter.length + " rows and row " + r
                        + " has " + (filter[r] == null ? "no" : filter[r].length) + " values");
            }
        }
        if (filter.length % 2 == 0) {
            throw new IllegalArgumentException(what + " is " + filter.length + "x" + filter.length
                    + ": its size must be odd (3x3, 5x5, ...) so that it has a centre pixel");
        }
        return filter;
    }

    private static double[][] rotateAnticlockwise(double[][] w) {
        int k = w.length;
        double[][] out = new double[k][k];
        for (int r = 0; r < k; r++) for (int c = 0; c < k; c++) out[r][c] = w[c][k - 1 - r];
        return out;
    }

    private static double[][] copy(double[][] w) {
        double[][] out = new double[w.length][];
        for (int i = 0; i < w.length; i++) out[i] = w[i].clone();
        return out;
    }
}
