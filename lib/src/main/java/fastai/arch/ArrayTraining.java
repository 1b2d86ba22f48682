package fastai.arch;

import java.util.Locale;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import fastai.train.History;
import fastai.train.Rows;
import fastai.train.Data;
import fastai.train.Evaluate;
import fastai.train.Fit;

/**
 * Lesson 7's training and prediction for a {@link ComputationGraph} on arrays held in memory
 * (precomputed conv features, generated canvases), with any number of inputs and outputs: a thin
 * front to the library's one loop ({@link fastai.train.Fit}) that returns a one-line summary.
 */
public final class ArrayTraining {
    private ArrayTraining() { }

    /** What a {@link #fit} did: final mean training loss, seconds, examples per epoch. */
    public record Summary(int epochs, double loss, double seconds, long examples) {
        @Override public String toString() {
            return String.format(Locale.ROOT, "%d epoch(s) of %d examples in %.1f s, last training loss %.4f", epochs, examples, seconds, loss);
        }
    }

    /** Trains {@code g} for {@code epochs} on inputs {@code x} and labels {@code y} (rows = examples). */
    public static Summary fit(ComputationGraph g, INDArray[] x, INDArray[] y, int epochs, int batchSize, long seed) {
        return fit(g, x, y, epochs, batchSize, seed, false);
    }

    public static Summary fit(ComputationGraph g, INDArray[] x, INDArray[] y, int epochs, int batchSize, long seed, boolean quiet) {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        History h = Fit.of(g).epochs(epochs).batchSize(batchSize).seed(seed).quiet(quiet).run(Data.arrays(x, y));
        double seconds = h.epochs().stream().mapToDouble(History.Epoch::seconds).sum();
        return new Summary(epochs, h.last().loss(), seconds, h.last().images());
    }

    /** Every output of {@code g} for inputs {@code x}, computed in batches. */
    public static INDArray[] outputs(ComputationGraph g, INDArray[] x, int batchSize) {
        return Evaluate.outputs(g, batchSize, x);
    }

    /** Share of rows where the arg-max of {@code probs} equals that of the one-hot {@code labels}. */
    public static double accuracy(INDArray probs, INDArray labels) {
        if (probs.size(0) != labels.size(0)) throw new IllegalArgumentException(probs.size(0) + " predictions but " + labels.size(0) + " labels");
        return (double) Rows.correct(probs, labels) / probs.size(0);
    }

    /** Accuracy of {@code g}'s output number {@code output} on {@code x} against one-hot {@code labels}. */
    public static double accuracy(ComputationGraph g, INDArray[] x, INDArray labels, int output) {
        return accuracy(outputs(g, x, Evaluate.BATCH)[output], labels);
    }
}
