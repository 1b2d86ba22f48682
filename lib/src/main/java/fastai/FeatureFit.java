package fastai;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Training a network on arrays held in memory (e.g. precomputed convolutional features), the
 * way Keras' {@code model.fit(x, y, nb_epoch, batch_size, validation_data)} did: shuffled
 * mini-batches, a progress bar per epoch, then loss/accuracy and validation loss/accuracy,
 * recorded in a {@link History}.
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

    /** Trains {@code epochs} passes over {@code (x, y)}, validating on {@code (vx, vy)} (may be null); appends to {@code history}. */
    public static History fit(ComputationGraph g, INDArray x, INDArray y, INDArray vx, INDArray vy, int epochs, int batchSize,
                              long seed, History history, boolean quiet) {
        check(x, y, "x", "y");
        if (vx != null || vy != null) check(vx, vy, "vx", "vy");
        if (epochs < 0) throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
        if (batchSize <= 0) throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        History h = history == null ? new History() : history;
        DataSet all = new DataSet(x.dup(), y.dup());   // shuffled in place every epoch: leave the caller's arrays (and row order) alone
        for (int e = 1; e <= epochs; e++) {
            long t0 = System.nanoTime();
            all.shuffle(seed + h.size());
            List<DataSet> batches = all.batchBy(batchSize);
            ProgressBar bar = new ProgressBar("Epoch " + e + "/" + epochs, batches.size()).quiet(quiet);
            double lossSum = 0;
            long n = 0, correct = 0;
            for (DataSet mb : batches) {
                // accuracy of the weights before this step, without dropout (as CourseModel.fit counts it)
                INDArray p = g.outputSingle(false, mb.getFeatures());
                correct += Rows.correct(p, mb.getLabels());
                g.fit(mb);
                int bs = mb.numExamples();
                lossSum += g.score() * bs;
                n += bs;
                bar.step(bs, "loss", lossSum / n);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            EvalResult v = vx != null ? evaluate(g, vx, vy, 256) : new EvalResult(Double.NaN, Double.NaN, 0);
            History.Epoch ep = new History.Epoch(h.size() + 1, lossSum / Math.max(n, 1), (double) correct / Math.max(n, 1),
                    v.loss(), v.accuracy(), secs, n);
            h.add(ep);
            bar.done(String.format(Locale.ROOT, "acc %.4f - val_loss %.4f val_acc %.4f", ep.acc(), ep.valLoss(), ep.valAcc()));
        }
        return h;
    }

    /** Network outputs for all rows of {@code x}, {@code batchSize} at a time (inference mode). */
    public static INDArray output(ComputationGraph g, INDArray x, int batchSize) {
        long n = x.size(0);
        INDArray[] parts = new INDArray[(int) ((n + batchSize - 1) / batchSize)];
        for (int i = 0; i < parts.length; i++) {
            long a = (long) i * batchSize, b = Math.min(n, a + batchSize);
            parts[i] = g.outputSingle(false, Rows.slice(x, a, b)).dup();
        }
        return parts.length == 1 ? parts[0] : Nd4j.concat(0, parts);
    }

    /** Mean cross-entropy and accuracy of {@code g} on {@code (x, y)} (one-hot labels). */
    public static EvalResult evaluate(ComputationGraph g, INDArray x, INDArray y, int batchSize) {
        check(x, y, "x", "y");
        INDArray p = output(g, x, batchSize).castTo(DataType.DOUBLE);
        INDArray t = y.castTo(DataType.DOUBLE);
        double loss = -Transforms.log(Transforms.max(p, 1e-7), false).muli(t).sumNumber().doubleValue() / x.size(0);
        long correct = Rows.correct(p, t);
        return new EvalResult(loss, (double) correct / x.size(0), x.size(0));
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
