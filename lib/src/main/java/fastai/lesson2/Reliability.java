package fastai.lesson2;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Locale;

import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Calibration of binary predictions: the probabilities are put into equal-width bins on [0, 1]
 * (the last bin includes 1), and for each bin we count the predictions, average them, and measure
 * how often the class really was 1. A calibrated model's points lie on the diagonal: of the
 * images it gives 0.8, about 80% are class 1. Points below the diagonal mean over-confidence
 * towards class 1, which is what log loss punishes and clipping softens.
 */
public final class Reliability {
    private final int bins;
    private final int[] counts;
    private final double[] meanPredicted;
    private final double[] observed;

    private Reliability(int bins, int[] counts, double[] meanPredicted, double[] observed) {
        this.bins = bins;
        this.counts = counts;
        this.meanPredicted = meanPredicted;
        this.observed = observed;
    }

    /** Bins {@code p} (predicted probability of class 1) with the true classes {@code y} (0 or 1) into {@code bins} equal bins. */
    public static Reliability of(double[] p, int[] y, int bins) {
        if (p == null || y == null) throw new IllegalArgumentException("probabilities and labels must not be null");
        if (p.length != y.length) throw new IllegalArgumentException(p.length + " probabilities but " + y.length + " labels");
        if (bins < 1) throw new IllegalArgumentException("bins must be >= 1, got " + bins);
        int[] n = new int[bins], ones = new int[bins];
        double[] sum = new double[bins];
        for (int i = 0; i < p.length; i++) {
            if (!(p[i] >= 0 && p[i] <= 1)) throw new IllegalArgumentException("probability " + i + " is " + p[i] + ", expected 0..1");
            if (y[i] != 0 && y[i] != 1) throw new IllegalArgumentException("label " + i + " is " + y[i] + ", expected 0 or 1");
            int b = bin(p[i], bins);
            n[b]++;
            ones[b] += y[i];
            sum[b] += p[i];
        }
        double[] mean = new double[bins], freq = new double[bins];
        for (int b = 0; b < bins; b++) {
            mean[b] = n[b] == 0 ? Double.NaN : sum[b] / n[b];
            freq[b] = n[b] == 0 ? Double.NaN : (double) ones[b] / n[b];
        }
        return new Reliability(bins, n, mean, freq);
    }

    /** The bin of probability {@code q}: floor(q * bins), with 1.0 in the last bin. */
    static int bin(double q, int bins) { return Math.min(bins - 1, (int) Math.floor(q * bins)); }

    public int bins() { return bins; }
    /** Predictions in each bin. */
    public int[] counts() { return counts.clone(); }
    /** Mean predicted probability in each bin (NaN for an empty bin). */
    public double[] meanPredicted() { return meanPredicted.clone(); }
    /** Share of class 1 among the bin's images (NaN for an empty bin). */
    public double[] observed() { return observed.clone(); }

    /**
     * Expected calibration error: the count-weighted mean distance between each bin's mean
     * prediction and its observed frequency (0 for a perfectly calibrated model).
     */
    public double expectedCalibrationError() {
        long total = 0;
        double s = 0;
        for (int b = 0; b < bins; b++) {
            if (counts[b] == 0) continue;
            total += counts[b];
            s += counts[b] * Math.abs(meanPredicted[b] - observed[b]);
        }
        return total == 0 ? Double.NaN : s / total;
    }

    /** One row per bin: its range, count, mean prediction and observed frequency. */
    public Table table() {
        String[] range = new String[bins];
        for (int b = 0; b < bins; b++) range[b] = String.format(Locale.ROOT, "%.2f-%.2f", (double) b / bins, (double) (b + 1) / bins);
        return Table.create("Reliability (" + bins + " bins)", StringColumn.create("bin", range), IntColumn.create("count", counts),
                DoubleColumn.create("mean predicted", meanPredicted), DoubleColumn.create("observed frequency", observed));
    }

    /** The reliability diagram: observed frequency against mean prediction per non-empty bin, each labelled with its count. */
    public XYChart chart(String title) {
        XYChart c = new XYChartBuilder().width(640).height(400).title(title)
                .xAxisTitle("mean predicted probability (bin)").yAxisTitle("observed frequency").build();
        c.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        XYSeries diag = c.addSeries("perfectly calibrated", new double[] {0, 1}, new double[] {0, 1});
        diag.setMarker(SeriesMarkers.NONE);
        diag.setLineColor(Color.GRAY);
        int filled = 0;
        for (int cnt : counts) if (cnt > 0) filled++;
        double[] x = new double[filled], y = new double[filled];
        int j = 0;
        for (int b = 0; b < bins; b++) {
            if (counts[b] == 0) continue;
            x[j] = meanPredicted[b];
            y[j] = observed[b];
            c.addAnnotation(new AnnotationText("n=" + counts[b], x[j], Math.min(0.97, y[j] + 0.04), false));
            j++;
        }
        if (filled > 0) {
            XYSeries s = c.addSeries(String.format(Locale.ROOT, "our model (ECE %.3f)", expectedCalibrationError()), x, y);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        return c;
    }

    /** {@code left} and this reliability diagram side by side in one picture (e.g. the log-loss-vs-clip chart on the left). */
    public BufferedImage beside(XYChart left, String title) {
        BufferedImage a = BitmapEncoder.getBufferedImage(left), b = BitmapEncoder.getBufferedImage(chart(title));
        BufferedImage out = new BufferedImage(a.getWidth() + b.getWidth(), Math.max(a.getHeight(), b.getHeight()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.drawImage(a, 0, 0, null);
            g.drawImage(b, a.getWidth(), 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Reliability: %d bins, ECE %.4f%n", bins, expectedCalibrationError()));
        for (int b = 0; b < bins; b++) {
            if (counts[b] == 0) continue;
            sb.append(String.format(Locale.ROOT, "  [%.2f, %.2f%s  n=%d  mean p=%.3f  observed=%.3f%n", (double) b / bins, (double) (b + 1) / bins,
                    b == bins - 1 ? "]" : ")", counts[b], meanPredicted[b], observed[b]));
        }
        return sb.toString();
    }
}
