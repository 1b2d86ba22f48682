package fastai.lesson2;

import fastai.Submission;
import java.util.Locale;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import java.util.Arrays;
import org.knowm.xchart.style.Styler;

/**
 * Log loss (binary and categorical cross-entropy), the measure Kaggle's dogs-vs-cats Redux
 * competition scores submissions with, and the clipping that keeps it finite.
 *
 * <p>For one image with true label {@code y} (0 or 1) and predicted probability {@code p} of
 * class 1, the loss is {@code -ln(p)} when {@code y = 1} and {@code -ln(1 - p)} when
 * {@code y = 0}; the score is the mean over all images. A confident wrong answer ({@code p}
 * near 0 for a 1) costs without bound, which is why predictions are clipped to
 * {@code [clip, 1 - clip]} before scoring.
 *
 * <p>Without an explicit clip, probabilities are clipped to {@code [1e-15, 1 - 1e-15]}, the
 * convention Kaggle and scikit-learn use, so a prediction of exactly 0 or 1 gives a large but
 * finite loss (about 34.5 for a wrong one).
 *
 * <p>Bad input fails with an {@link IllegalArgumentException} that names the argument:
 * probabilities outside [0, 1] (or NaN), labels other than 0/1 (binary) or outside the classes
 * (multi-class), arrays of different lengths, and a clip outside (0, 0.5).
 */
public final class LogLoss {
    /** The clip used when none is given: Kaggle's and scikit-learn's epsilon. */
    public static final double DEFAULT_EPS = 1e-15;
    /** The clip the course settled on for its dogs-vs-cats submission (0.02 / 0.98). */
    public static final double COURSE_CLIP = Submission.DEFAULT_CLIP;

    private LogLoss() { }

    // ---------------------------------------------------------------- binary

    /** Mean binary log loss with Kaggle's tiny clip; {@code probs[i]} is P(class 1) of image i. */
    public static double binary(double[] probs, int[] labels) {
        return binary(probs, labels, DEFAULT_EPS);
    }

    /** Mean binary log loss after clipping every probability to {@code [clip, 1 - clip]}. */
    public static double binary(double[] probs, int[] labels, double clip) {
        double[] each = binaryPerItem(probs, labels, clip);
        double sum = 0;
        for (double v : each) sum += v;
        return sum / each.length;
    }

    /** The loss of each image on its own (so the expensive ones can be found). */
    public static double[] binaryPerItem(double[] probs, int[] labels, double clip) {
        checkBinary(probs, labels);
        checkClip(clip);
        double[] out = new double[probs.length];
        for (int i = 0; i < probs.length; i++) {
            double p = clamp(probs[i], clip);
            out[i] = labels[i] == 1 ? -Math.log(p) : -Math.log(1 - p);
        }
        return out;
    }

    /**
     * Same as {@link #binary(double[], int[], double)} for ND4J arrays: {@code probs} is P(class 1)
     * as [N] or [N, 1], or a model's two-column output [N, 2] (column 1 is used); {@code labels}
     * is 0/1 as [N] or [N, 1], or one-hot [N, 2].
     */
    public static double binary(INDArray probs, INDArray labels, double clip) {
        return binary(classOneProbabilities(probs), binaryLabels(labels), clip);
    }

    /** P(class 1) per row from [N], [N, 1] or a two-class output [N, 2] (its column 1). */
    public static double[] classOneProbabilities(INDArray probs) {
        if (probs != null && probs.rank() == 2 && probs.size(1) == 2) {
            return probs.getColumn(1).castTo(DataType.DOUBLE).toDoubleVector();
        }
        return vector(probs, "probs");
    }

    /** 0/1 labels from [N], [N, 1] or one-hot [N, 2]. */
    public static int[] binaryLabels(INDArray labels) {
        if (labels != null && labels.rank() == 2 && labels.size(1) == 2) {
            return labels.argMax(1).castTo(DataType.INT).toIntVector();
        }
        return intVector(labels, "labels");
    }

    /** Same as {@link #binary(double[], int[])} for ND4J vectors. */
    public static double binary(INDArray probs, INDArray labels) {
        return binary(probs, labels, DEFAULT_EPS);
    }

    /** A copy of {@code probs} with every value moved into {@code [clip, 1 - clip]} (what a submission should hold). */
    public static double[] clip(double[] probs, double clip) {
        checkProbs(probs, "probs");
        checkClip(clip);
        double[] out = new double[probs.length];
        for (int i = 0; i < probs.length; i++) out[i] = clamp(probs[i], clip);
        return out;
    }

    // ---------------------------------------------------------------- multi-class

    /** Mean categorical log loss with Kaggle's tiny clip; {@code probs[i]} is image i's row of class probabilities. */
    public static double multiClass(double[][] probs, int[] labels) {
        return multiClass(probs, labels, DEFAULT_EPS);
    }

    /**
     * Mean categorical log loss: each probability is clipped to {@code [clip, 1 - clip]}, each row is
     * divided by its sum (as Kaggle's multi-class scorer does), and the score is the mean of
     * {@code -ln p[label]}. With two classes and rows {@code {1 - p, p}} this equals {@link #binary}.
     */
    public static double multiClass(double[][] probs, int[] labels, double clip) {
        if (probs == null) throw new IllegalArgumentException("probs is null");
        if (labels == null) throw new IllegalArgumentException("labels is null");
        if (probs.length != labels.length) {
            throw new IllegalArgumentException("probs has " + probs.length + " rows but labels has " + labels.length + " values; they must match");
        }
        if (probs.length == 0) throw new IllegalArgumentException("probs is empty");
        checkClip(clip);
        int k = probs[0].length;
        if (k < 2) throw new IllegalArgumentException("probs rows have " + k + " columns; need at least 2 classes");
        double sum = 0;
        for (int i = 0; i < probs.length; i++) {
            if (probs[i].length != k) {
                throw new IllegalArgumentException("probs row " + i + " has " + probs[i].length + " columns but row 0 has " + k);
            }
            if (labels[i] < 0 || labels[i] >= k) {
                throw new IllegalArgumentException("labels[" + i + "] = " + labels[i] + " is not a class index in [0, " + (k - 1) + "]");
            }
            double rowSum = 0;
            for (int j = 0; j < k; j++) {
                double p = probs[i][j];
                if (!(p >= 0 && p <= 1)) {
                    throw new IllegalArgumentException("probs[" + i + "][" + j + "] = " + p + " is outside [0, 1]; log loss needs probabilities");
                }
                rowSum += clamp(p, clip);
            }
            sum += -Math.log(clamp(probs[i][labels[i]], clip) / rowSum);
        }
        return sum / probs.length;
    }

    /** Categorical log loss for an ND4J matrix [N, classes] and a one-hot [N, classes] or index [N] label array. */
    public static double multiClass(INDArray probs, INDArray labels, double clip) {
        if (probs == null) throw new IllegalArgumentException("probs is null");
        if (labels == null) throw new IllegalArgumentException("labels is null");
        if (probs.rank() != 2) throw new IllegalArgumentException("probs must be a matrix [N, classes], got rank " + probs.rank());
        double[][] p = probs.castTo(DataType.DOUBLE).toDoubleMatrix();
        int[] y;
        if (labels.rank() == 2 && labels.size(1) > 1) {
            y = labels.argMax(1).castTo(DataType.INT).toIntVector();
        } else {
            y = intVector(labels, "labels");
        }
        return multiClass(p, y, clip);
    }

    // ---------------------------------------------------------------- clip curve

    /** The binary log loss at each clip value (the curve to plot). */
    public static double[] versusClip(double[] probs, int[] labels, double[] clips) {
        double[] out = new double[clips.length];
        for (int i = 0; i < clips.length; i++) out[i] = binary(probs, labels, clips[i]);
        return out;
    }

    /** {@code n} clip values spaced evenly on a log scale from {@code from} to {@code to} (both in (0, 0.5)). */
    public static double[] clipGrid(double from, double to, int n) {
        checkClip(from);
        checkClip(to);
        if (n < 2) throw new IllegalArgumentException("n = " + n + " must be at least 2");
        double[] out = new double[n];
        double lf = Math.log(from), lt = Math.log(to);
        for (int i = 0; i < n; i++) out[i] = Math.exp(lf + (lt - lf) * i / (n - 1));
        return out;
    }

    /** The default grid for the plot: 60 values from 0.0005 to 0.25. */
    public static double[] clipGrid() {
        return clipGrid(0.0005, 0.25, 60);
    }

    /** The clip on {@code clips} that gives the lowest binary log loss (the first if tied). */
    public static double bestClip(double[] probs, int[] labels, double[] clips) {
        double[] losses = versusClip(probs, labels, clips);
        int best = 0;
        for (int i = 1; i < losses.length; i++) if (losses[i] < losses[best]) best = i;
        return clips[best];
    }

    /**
     * A line chart of log loss against the clip value (log-scale x axis) on the default grid, with
     * the course's 0.02 and the best clip on the grid marked, and the unclipped loss in the title.
     */
    public static XYChart clipChart(double[] probs, int[] labels) {
        return clipChart(probs, labels, clipGrid());
    }

    /** As {@link #clipChart(double[], int[])} on the given clip values. */
    public static XYChart clipChart(double[] probs, int[] labels, double[] clips) {
        double[] losses = versusClip(probs, labels, clips);
        double unclipped = binary(probs, labels);
        double best = bestClip(probs, labels, clips);
        XYChart chart = new XYChartBuilder().width(640).height(400)
                .title(String.format(Locale.ROOT, "Log loss against clip (unclipped: %.4f)", unclipped))
                .xAxisTitle("clip c: predictions moved into [c, 1-c]").yAxisTitle("log loss").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        XYSeries curve = chart.addSeries("log loss", clips, losses);
        curve.setMarker(SeriesMarkers.NONE);
        double course = binary(probs, labels, COURSE_CLIP);
        XYSeries coursePoint = chart.addSeries(String.format(Locale.ROOT, "course's 0.02: %.4f", course),
                new double[] {COURSE_CLIP}, new double[] {course});
        coursePoint.setMarker(SeriesMarkers.DIAMOND);
        coursePoint.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        double bestLoss = binary(probs, labels, best);
        XYSeries bestPoint = chart.addSeries(String.format(Locale.ROOT, "lowest here, clip %.4f: %.4f", best, bestLoss),
                new double[] {best}, new double[] {bestLoss});
        bestPoint.setMarker(SeriesMarkers.CIRCLE);
        bestPoint.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        return chart;
    }

    // ---------------------------------------------------------------- checks

    static void checkClip(double clip) {
        if (!(clip > 0 && clip < 0.5)) {
            throw new IllegalArgumentException("clip = " + clip + " must be in (0, 0.5): predictions are moved into [clip, 1 - clip]");
        }
    }

    static void checkProbs(double[] probs, String name) {
        if (probs == null) throw new IllegalArgumentException(name + " is null");
        for (int i = 0; i < probs.length; i++) {
            double p = probs[i];
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException(name + "[" + i + "] = " + p + " is outside [0, 1]; log loss needs probabilities");
            }
        }
    }

    /** Probabilities in [0, 1], labels 0/1, equal non-zero lengths. */
    static void checkBinary(double[] probs, int[] labels) {
        if (probs == null) throw new IllegalArgumentException("probs is null");
        if (labels == null) throw new IllegalArgumentException("labels is null");
        if (probs.length != labels.length) {
            throw new IllegalArgumentException("probs has " + probs.length + " values but labels has " + labels.length + "; they must match");
        }
        if (probs.length == 0) throw new IllegalArgumentException("probs is empty");
        checkProbs(probs, "probs");
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("labels[" + i + "] = " + labels[i] + " is not 0 or 1");
            }
        }
    }

    static double[] vector(INDArray a, String name) {
        if (a == null) throw new IllegalArgumentException(name + " is null");
        if (!a.isVector() && !a.isScalar() && !(a.rank() == 2 && a.size(1) == 1)) {
            throw new IllegalArgumentException(name + " must be a vector, got shape " + Arrays.toString(a.shape()));
        }
        return a.castTo(DataType.DOUBLE).reshape(a.length()).toDoubleVector();
    }

    static int[] intVector(INDArray a, String name) {
        double[] d = vector(a, name);
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            if (d[i] != Math.rint(d[i])) throw new IllegalArgumentException(name + "[" + i + "] = " + d[i] + " is not a whole number");
            out[i] = (int) d[i];
        }
        return out;
    }

    private static double clamp(double p, double clip) {
        return Math.min(1 - clip, Math.max(clip, p));
    }
}
