package fastai.models;

import java.util.Arrays;
import java.util.function.UnaryOperator;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;

import fastai.train.Data;
import fastai.train.Evaluate;
import fastai.train.Fit;
import fastai.cnn.LayerChain;
import fastai.onednn.OneDnn;
import fastai.train.EvalResult;
import fastai.train.History;

/**
 * Lesson 3's verbs for a dense model on arrays held in memory (precomputed convolutional
 * features), in the shape of Keras' {@code model.fit(x, y, nb_epoch, batch_size, validation_data)}:
 * a thin front to the library's one loop ({@link Fit}) and evaluation ({@link Evaluate}).
 */
public final class FeatureFit {
    private FeatureFit() { }

    /** A copy of {@code g} whose every layer uses {@code updater} (e.g. {@code new Adam(1e-4)}); weights unchanged. */
    public static ComputationGraph withUpdater(ComputationGraph g, IUpdater updater) {
        if (updater == null) throw new IllegalArgumentException("updater must not be null");
        ComputationGraph out = new TransferLearning.GraphBuilder(g)
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(updater).build())
                .build();
        OneDnn.install(out);
        return LayerChain.sameInput(out, g);
    }

    /**
     * Trains on {@code (x, y)}, validating on {@code (vx, vy)} (may be null), with the one loop's
     * named options: {@code FeatureFit.fit(g, x, y, vx, vy, f -> f.epochs(8).batchSize(64))}.
     */
    public static History fit(ComputationGraph g, INDArray x, INDArray y, INDArray vx, INDArray vy, UnaryOperator<Fit> options) {
        check(x, y, "x", "y");
        if (vx != null || vy != null) check(vx, vy, "vx", "vy");
        Fit fit = Fit.of(g).validation(vx == null ? null : Data.arrays(vx, vy));
        return options.apply(fit).run(Data.arrays(x, y));
    }

    /**
     * The positional form lesson 3's cells call ({@code epochs, batchSize, seed, history, quiet});
     * new code uses the named form above.
     */
    public static History fit(ComputationGraph g, INDArray x, INDArray y, INDArray vx, INDArray vy, int epochs, int batchSize,
                              long seed, History history, boolean quiet) {
        return fit(g, x, y, vx, vy, f -> f.epochs(epochs).batchSize(batchSize).seed(seed).history(history).quiet(quiet));
    }

    /** Network outputs for all rows of {@code x}, {@code batchSize} at a time (inference mode). */
    public static INDArray output(ComputationGraph g, INDArray x, int batchSize) {
        return Evaluate.outputs(g, batchSize, x)[0];
    }

    /** Mean cross-entropy and accuracy of {@code g} on {@code (x, y)} (one-hot labels). */
    public static EvalResult evaluate(ComputationGraph g, INDArray x, INDArray y, int batchSize) {
        check(x, y, "x", "y");
        return Evaluate.of(g, Data.arrays(x, y), batchSize);
    }

    private static void check(INDArray x, INDArray y, String xn, String yn) {
        if (x == null || y == null) throw new IllegalArgumentException(xn + " and " + yn + " must not be null");
        if (x.size(0) != y.size(0)) {
            throw new IllegalArgumentException(xn + " has " + x.size(0) + " rows " + Arrays.toString(x.shape()) + " but " + yn + " has "
                    + y.size(0) + " " + Arrays.toString(y.shape()));
        }
        if (y.rank() != 2) throw new IllegalArgumentException(yn + " must be one-hot rows [N, classes], got " + Arrays.toString(y.shape()));
    }
}
