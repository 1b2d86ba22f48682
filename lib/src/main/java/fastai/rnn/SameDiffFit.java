package fastai.rnn;

import fastai.train.History;
import fastai.display.ProgressBar;
import fastai.train.Rows;
import fastai.display.Display;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntConsumer;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Loss;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.factory.Nd4j;
import fastai.train.Fit;
import java.util.Arrays;

/**
 * Trains a SameDiff graph with SameDiff's own {@code fit}, shown the way the library's DL4J loop
 * ({@code fastai.train.Fit}) shows it: a live progress bar per epoch, the mean training loss and
 * the validation loss per epoch in a {@link History}. The training loss of an epoch is measured
 * on (up to 8,192 of) the training rows after the epoch, not averaged over its steps. {@code Fit} drives DL4J networks (layers
 * with their own parameters); a SameDiff graph is trained by SameDiff itself, which needs its
 * feature and label placeholders named and its updater given once in a {@code TrainingConfig}.
 *
 * <pre>{@code
 * History h = SameDiffFit.of(sd, "x", "y", "loss").updater(new Adam(1e-3)).epochs(2).batchSize(64)
 *         .validation(vx, vy).run(x, y);
 * }</pre>
 */
public final class SameDiffFit {
    private final SameDiff sd;
    private final String input, label, loss;
    private IUpdater updater = new Adam(1e-3);
    private int epochs = 1, batchSize = 64;
    private long seed = Fit.SEED;
    private INDArray vx, vy;
    private boolean quiet;
    private History history = new History();
    private IntConsumer onEpoch = e -> { };

    private SameDiffFit(SameDiff sd, String input, String label, String loss) {
        this.sd = sd;
        this.input = input;
        this.label = label;
        this.loss = loss;
    }

    public static SameDiffFit of(SameDiff sd, String input, String label, String loss) {
        return new SameDiffFit(sd, input, label, loss);
    }

    /** The optimizer (default Adam 1e-3); learning-rate steps go in its schedule. Only read the first time a graph is trained. */
    public SameDiffFit updater(IUpdater u) { this.updater = u; return this; }
    public SameDiffFit epochs(int n) { this.epochs = n; return this; }
    public SameDiffFit batchSize(int n) { this.batchSize = n; return this; }
    public SameDiffFit seed(long s) { this.seed = s; return this; }
    public SameDiffFit validation(INDArray x, INDArray y) { this.vx = x; this.vy = y; return this; }
    public SameDiffFit quiet(boolean q) { this.quiet = q; return this; }
    /** Append the epochs to an existing history. */
    public SameDiffFit history(History h) { this.history = h; return this; }
    /** Called after each epoch with its number (1-based, counted in this history). */
    public SameDiffFit onEpoch(IntConsumer f) { this.onEpoch = f; return this; }

    public History run(INDArray x, INDArray y) {
        if (x.size(0) != y.size(0)) {
            throw new IllegalArgumentException(x.size(0) + " input rows but " + y.size(0) + " label rows");
        }
        if (sd.getTrainingConfig() == null) {
            sd.setTrainingConfig(TrainingConfig.builder().updater(updater)
                    .dataSetFeatureMapping(input).dataSetLabelMapping(label).build());
        }
        Random rng = new Random(seed + history.size());
        int n = (int) x.size(0);
        for (int e = 0; e < epochs; e++) {
            int epoch = history.size() + 1;
            int[] order = Rows.permutation(n, rng);
            List<DataSet> batches = new ArrayList<>();
            for (int from = 0; from < n; from += batchSize) {
                int to = Math.min(n, from + batchSize);
                INDArray idx = Nd4j.createFromArray(Arrays.copyOfRange(order, from, to));
                batches.add(new DataSet(x.getRows(toInts(idx)), y.getRows(toInts(idx))));
            }
            ProgressBar bar = new ProgressBar("Epoch " + epoch, batches.size()).unit("ex").quiet(quiet);
            if (!quiet) Display.display(bar, bar.id());
            long t0 = System.nanoTime();
            BaseListener listener = new BaseListener() {
                @Override public boolean isActive(Operation op) { return op == Operation.TRAINING; }
                @Override public void iterationDone(SameDiff s, At at, MultiDataSet ds, Loss l) {
                    bar.step(ds.getFeatures(0).size(0));
                }
            };
            sd.fit(new ListDataSetIterator<>(batches, 1), 1, listener);
            double secs = (System.nanoTime() - t0) / 1e9;
            // SameDiff M2.1 hands its listeners (and its loss curve) zeros for a loss computed as here, so the
            // epoch's training loss is measured after the epoch, on up to 8,192 of its rows
            int m = Math.min(n, 8192);
            double trainLoss = evaluate(Rows.slice(x, 0, m), Rows.slice(y, 0, m));
            double valLoss = vx == null ? Double.NaN : evaluate(vx, vy);
            bar.metric("loss", trainLoss);
            bar.metric("val_loss", valLoss);
            bar.done();
            history.add(new History.Epoch(epoch, trainLoss, Double.NaN, valLoss, Double.NaN, secs, n));
            onEpoch.accept(epoch);
        }
        return history;
    }

    /** Mean loss over (x, y), computed in batches of 1024 and weighted by batch size. */
    public double evaluate(INDArray x, INDArray y) {
        int n = (int) x.size(0);
        double total = 0;
        for (int from = 0; from < n; from += 1024) {
            int to = Math.min(n, from + 1024);
            INDArray bx = Rows.slice(x, from, to), by = Rows.slice(y, from, to);
            double l = sd.output(Map.of(input, bx, label, by), loss).get(loss).getDouble(0);
            total += l * (to - from);
        }
        return total / n;
    }

    private static int[] toInts(INDArray a) {
        return a.toIntVector();
    }
}
