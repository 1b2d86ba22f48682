package fastai;

import java.util.ArrayList;
import java.util.List;
import fastai.lesson2.ConfusionMatrix;
import fastai.Convolutions.Filter;
import fastai.Convolutions.Padding;


/**
 * The course's "nearest filtered mean" classifier, before any learning: every image is run
 * through a fixed set of hand-made filters and max-pooled, and each class is summed up by the
 * average of its images' pooled responses. A new image goes to the class whose average it
 * resembles most. It has no trained weights at all, so it shows how much hand-made edge
 * detectors plus pooling already tell apart.
 *
 * <p>Features of an image: for each filter, correlate (zero border, same size), then max-pool
 * with {@code pool} x {@code pool} blocks; all filters' pooled maps in one vector. Class means
 * are standardised over the whole stack ((x - mean) / std), as the course did.
 */
public final class MeanFilterClassifier {
    /** How an image's features are compared with a class mean. */
    public enum Rule {
        /** Pearson correlation with the mean; the highest wins (scale and offset do not matter). */
        CORRELATION,
        /** Sum of squared differences to the (standardised) mean; the smallest wins (the course's rule). */
        SQUARED_DISTANCE
    }

    private final List<Filter> filters;
    private final int pool;
    private final List<String> classNames;
    private final double[][] means; // [class][feature], standardised
    private final int[] trainCounts;
    private final int mapRows, mapCols;

    private MeanFilterClassifier(List<Filter> filters, int pool, List<String> classNames, double[][] means, int[] trainCounts,
                                 int mapRows, int mapCols) {
        this.filters = filters;
        this.pool = pool;
        this.classNames = classNames;
        this.means = means;
        this.trainCounts = trainCounts;
        this.mapRows = mapRows;
        this.mapCols = mapCols;
    }

    /** The pooled responses of every filter, one after the other, as one vector. */
    public static double[] features(double[][] image, List<Filter> filters, int pool) {
        if (filters == null || filters.isEmpty()) throw new IllegalArgumentException("filters is empty: give at least one filter");
        double[] out = null;
        int p = 0;
        for (Filter f : filters) {
            double[][] m = Convolutions.maxPool(Convolutions.correlate(image, f, Padding.SAME), pool);
            if (out == null) out = new double[filters.size() * m.length * m[0].length];
            for (double[] row : m) for (double v : row) out[p++] = v;
        }
        return out;
    }

    /**
     * Averages the features of each class's images. {@code imagesPerClass.get(c)} are the
     * training images of class {@code classNames.get(c)}, all of one size.
     */
    public static MeanFilterClassifier fit(List<Filter> filters, int pool, List<String> classNames, List<List<double[][]>> imagesPerClass) {
        if (filters == null || filters.isEmpty()) throw new IllegalArgumentException("filters is empty: give at least one filter");
        if (classNames == null || classNames.size() < 2) throw new IllegalArgumentException("classNames must name at least two classes");
        if (imagesPerClass == null || imagesPerClass.size() != classNames.size()) {
            throw new IllegalArgumentException("imagesPerClass must hold one list per class (" + classNames.size() + "), got "
                    + (imagesPerClass == null ? "null" : imagesPerClass.size()));
        }
        double[][] means = new double[classNames.size()][];
        int[] counts = new int[classNames.size()];
        int rows = -1, cols = -1;
        for (int c = 0; c < classNames.size(); c++) {
            List<double[][]> ims = imagesPerClass.get(c);
            if (ims == null || ims.isEmpty()) throw new IllegalArgumentException("class '" + classNames.get(c) + "' has no training images");
            for (double[][] im : ims) {
                Convolutions.checkImage(im, "a training image of class '" + classNames.get(c) + "'");
                if (rows < 0) { rows = im.length; cols = im[0].length; }
                if (im.length != rows || im[0].length != cols) {
                    throw new IllegalArgumentException("training images must all be " + rows + "x" + cols + ", class '"
                            + classNames.get(c) + "' has one of " + Convolutions.shape(im));
                }
                double[] f = features(im, filters, pool);
                if (means[c] == null) means[c] = new double[f.length];
                for (int i = 0; i < f.length; i++) means[c][i] += f[i];
            }
            for (int i = 0; i < means[c].length; i++) means[c][i] /= ims.size();
            standardise(means[c]);
            counts[c] = ims.size();
        }
        return new MeanFilterClassifier(List.copyOf(filters), pool, List.copyOf(classNames), means, counts, rows / pool, cols / pool);
    }

    /** One score per class (higher = more alike for CORRELATION, lower = closer for SQUARED_DISTANCE). */
    public double[] scores(double[][] image, Rule rule) {
        if (rule == null) throw new IllegalArgumentException("rule is null: use Rule.CORRELATION or Rule.SQUARED_DISTANCE");
        double[] f = features(image, filters, pool);
        if (f.length != means[0].length) {
            throw new IllegalArgumentException("image is " + Convolutions.shape(image) + " but the classifier was fitted on "
                    + (mapRows * pool) + "x" + (mapCols * pool) + " images");
        }
        double[] s = new double[means.length];
        for (int c = 0; c < means.length; c++) s[c] = rule == Rule.CORRELATION ? correlation(f, means[c]) : squaredDistance(f, means[c]);
        return s;
    }

    /** The index of the predicted class. */
    public int predict(double[][] image, Rule rule) {
        double[] s = scores(image, rule);
        int best = 0;
        for (int c = 1; c < s.length; c++) {
            if (rule == Rule.CORRELATION ? s[c] > s[best] : s[c] < s[best]) best = c;
        }
        return best;
    }

    /** Predicts every image; {@code imagesPerClass.get(c)} are images whose true class is c. */
    public ConfusionMatrix evaluate(List<List<double[][]>> imagesPerClass, Rule rule) {
        if (imagesPerClass == null || imagesPerClass.size() != classNames.size()) {
            throw new IllegalArgumentException("imagesPerClass must hold one list per class (" + classNames.size() + ")");
        }
        List<Integer> actual = new ArrayList<>(), predicted = new ArrayList<>();
        for (int c = 0; c < imagesPerClass.size(); c++) {
            for (double[][] im : imagesPerClass.get(c)) {
                actual.add(c);
                predicted.add(predict(im, rule));
            }
        }
        return ConfusionMatrix.of(actual.stream().mapToInt(Integer::intValue).toArray(),
                predicted.stream().mapToInt(Integer::intValue).toArray(), classNames);
    }

    /** The standardised mean of class {@code c}: one pooled map per filter, for display. */
    public List<double[][]> meanMaps(int c) {
        if (c < 0 || c >= means.length) throw new IllegalArgumentException("class index " + c + " is not in 0.." + (means.length - 1));
        List<double[][]> maps = new ArrayList<>();
        int p = 0;
        for (int f = 0; f < filters.size(); f++) {
            double[][] m = new double[mapRows][mapCols];
            for (int r = 0; r < mapRows; r++) for (int col = 0; col < mapCols; col++) m[r][col] = means[c][p++];
            maps.add(m);
        }
        return maps;
    }

    public List<String> classNames() { return classNames; }

    public List<Filter> filters() { return filters; }

    public int pool() { return pool; }

    /** How many training images each class's mean was made from. */
    public int[] trainCounts() { return trainCounts.clone(); }

    static double correlation(double[] a, double[] b) {
        double ma = 0, mb = 0;
        for (int i = 0; i < a.length; i++) { ma += a[i]; mb += b[i]; }
        ma /= a.length;
        mb /= b.length;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.length; i++) {
            double da = a[i] - ma, db = b[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
        return saa == 0 || sbb == 0 ? 0 : sab / Math.sqrt(saa * sbb);
    }

    static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return s;
    }

    private static void standardise(double[] v) {
        double m = 0, s = 0;
        for (double x : v) m += x;
        m /= v.length;
        for (double x : v) s += (x - m) * (x - m);
        s = Math.sqrt(s / v.length);
        for (int i = 0; i < v.length; i++) v[i] = s == 0 ? 0 : (v[i] - m) / s;
    }
}
