package fastai.arch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import fastai.ProgressBar;
import fastai.Rows;

/**
 * Training and prediction for a {@link ComputationGraph} on arrays held in memory (precomputed
 * conv features, generated canvases), with any number of inputs and outputs: each epoch is a
 * seeded shuffle cut into mini-batches, shown with a progress bar.
 */
public final class ArrayTraining {
    private ArrayTraining() { }

    /** What a {@link #fit} did: final mean training loss, seconds, examples per epoch. */
    public record Fit(int epochs, double loss, double seconds, long examples) {
        @Override public String toString() {
            return String.format(Locale.ROOT, "%d epoch(s) of %d examples in %.1f s, last training loss %.4f", epochs, examples, seconds, loss);
        }
    }

    /** Trains {@code g} for {@code epochs} on inputs {@code x} and labels {@code y} (rows = examples). */
    public static Fit fit(ComputationGraph g, INDArray[] x, INDArray[] y, int epochs, int batchSize, long seed) {
        return fit(g, x, y, epochs, batchSize, seed, false);
    }

    public static Fit fit(ComputationGraph g, INDArray[] x, INDArray[] y, int epochs, int batchSize, long seed, boolean quiet) {
        long n = rows(x, y);
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        Random rnd = new Random(seed);
        long t0 = System.nanoTime();
        double loss = Double.NaN;
        for (int e = 1; e <= epochs; e++) {
            int[] order = Rows.permutation((int) n, rnd);
            ProgressBar bar = new ProgressBar("Epoch " + e + "/" + epochs, (n + batchSize - 1) / batchSize).quiet(quiet);
            double sum = 0;
            for (int i = 0; i < n; i += batchSize) {
                INDArray idx = Nd4j.createFromArray(Arrays.copyOfRange(order, i, (int) Math.min(n, i + batchSize)));
                MultiDataSet mds = new MultiDataSet(pick(x, idx), pick(y, idx));
                g.fit(mds);
                sum += g.score() * idx.length();
                bar.step(idx.length(), "loss", sum / Math.min(n, i + batchSize));
            }
            loss = sum / n;
            bar.done();
        }
        return new Fit(epochs, loss, (System.nanoTime() - t0) / 1e9, n);
    }

    /** Every output of {@code g} for inputs {@code x}, computed in batches. */
    public static INDArray[] outputs(ComputationGraph g, INDArray[] x, int batchSize) {
        long n = x[0].size(0);
        List<List<INDArray>> parts = new ArrayList<>();
        for (long i = 0; i < n; i += batchSize) {
            INDArray[] xb = new INDArray[x.length];
            for (int k = 0; k < x.length; k++) xb[k] = Rows.slice(x[k], i, Math.min(n, i + batchSize)).dup();
            INDArray[] out = g.output(false, xb);
            for (int k = 0; k < out.length; k++) {
                if (parts.size() <= k) parts.add(new ArrayList<>());
                parts.get(k).add(out[k].detach());
            }
        }
        INDArray[] res = new INDArray[parts.size()];
        for (int k = 0; k < res.length; k++) res[k] = Nd4j.concat(0, parts.get(k).toArray(new INDArray[0]));
        return res;
    }

    /** Share of rows where the arg-max of {@code probs} equals that of the one-hot {@code labels}. */
    public static double accuracy(INDArray probs, INDArray labels) {
        if (probs.size(0) != labels.size(0)) throw new IllegalArgumentException(probs.size(0) + " predictions but " + labels.size(0) + " labels");
        return (double) Rows.correct(probs, labels) / probs.size(0);
    }

    /** Accuracy of {@code g}'s output number {@code output} on {@code x} against one-hot {@code labels}. */
    public static double accuracy(ComputationGraph g, INDArray[] x, INDArray labels, int output) {
        return accuracy(outputs(g, x, 256)[output], labels);
    }

    static long rows(INDArray[] x, INDArray[] y) {
        if (x.length == 0 || y.length == 0) throw new IllegalArgumentException("need at least one input and one label array");
        long n = x[0].size(0);
        for (INDArray a : x) if (a.size(0) != n) throw new IllegalArgumentException("inputs have different numbers of rows: " + n + " and " + a.size(0));
        for (INDArray a : y) if (a.size(0) != n) throw new IllegalArgumentException(n + " input rows but a label array has " + a.size(0));
        return n;
    }

    private static INDArray[] pick(INDArray[] arrays, INDArray idx) {
        INDArray[] out = new INDArray[arrays.length];
        for (int k = 0; k < arrays.length; k++) out[k] = Nd4j.pullRows(arrays[k].reshape(arrays[k].size(0), -1), 1, idx.toIntVector())
                .reshape(prepend(idx.length(), arrays[k].shape()));
        return out;
    }

    private static long[] prepend(long n, long[] shape) {
        long[] s = shape.clone();
        s[0] = n;
        return s;
    }

}
