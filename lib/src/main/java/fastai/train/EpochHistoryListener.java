package fastai.train;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.knowm.xchart.XYChart;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import fastai.display.ProgressBar;


/**
 * A DL4J training listener that keeps, per epoch, what Keras' {@code History} kept: the training
 * loss and accuracy (averaged over the epoch's mini-batches, as they went by) and the validation
 * loss and accuracy (one pass over the validation set at the end of the epoch). It also shows a
 * live {@link ProgressBar} per epoch. For a {@link ComputationGraph} with one softmax output.
 *
 * <p>Training numbers come from the training steps themselves, with no extra forward pass: the
 * loss is DL4J's mini-batch score, and the accuracy recomputes the output layer from its input
 * (DL4J hands listeners every activation except the output's), with the weights before the step
 * and no dropout. The training iterator must be wrapped by {@link #watch} so the listener sees the
 * labels of each batch.
 *
 * <pre>{@code
 * var history = new EpochHistoryListener(valid).batchesPerEpoch(train.numBatches());
 * net.addListeners(history);
 * net.fit(history.watch(train), 5);
 * display(history.history());  display(history.lossChart("CNN"));
 * }</pre>
 */
public final class EpochHistoryListener extends BaseTrainingListener {
    private final DataSetIterator valid;
    private final History history = new History();
    private int batchesPerEpoch;
    private boolean quiet;
    private String title = "Epoch";
    private ProgressBar bar;
    private long t0;
    private double lossSum;
    private long seen;
    private final TrainAccuracy accuracy = new TrainAccuracy();
    private INDArray labels;

    /** {@code valid}: the validation batches evaluated after every epoch (null for none). */
    public EpochHistoryListener(DataSetIterator valid) {
        this.valid = valid;
    }

    /** Size of the live progress bar (0: a bar without a total). */
    public EpochHistoryListener batchesPerEpoch(int n) { this.batchesPerEpoch = Math.max(0, n); return this; }

    /** No progress bar or epoch lines. */
    public EpochHistoryListener quiet(boolean q) { this.quiet = q; return this; }

    /** Title of each epoch's bar, e.g. "CNN epoch". */
    public EpochHistoryListener title(String t) { this.title = t; return this; }

    /** The epochs so far (1-based), with loss, acc, val_loss, val_acc, seconds and images. */
    public History history() { return history; }

    /** Validation loss of the last finished epoch (NaN before the first, or without validation data). */
    public double lastValLoss() { return history.isEmpty() ? Double.NaN : history.last().valLoss(); }

    /** Wraps the training iterator so each batch's labels reach this listener. */
    public DataSetIterator watch(DataSetIterator train) {
        return new Watched(train);
    }

    // ---- DL4J callbacks -------------------------------------------------------------------

    @Override
    public void onEpochStart(Model model) {
        t0 = System.nanoTime();
        lossSum = 0;
        seen = 0;
        accuracy.reset();
        bar = new ProgressBar(title + " " + (history.size() + 1), batchesPerEpoch).quiet(quiet);
    }

    @Override
    public void onForwardPass(Model model, Map<String, INDArray> activations) {
        accuracy.expect(labels);
        accuracy.onForwardPass(model, activations);
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        if (labels == null) return;   // not one of our watched training batches
        long n = labels.size(0);
        lossSum += model.score() * n;
        seen += n;
        labels = null;
        if (bar != null) bar.step(n, "loss", lossSum / seen);
    }

    @Override
    public void onEpochEnd(Model model) {
        double secs = (System.nanoTime() - t0) / 1e9;
        double[] v = valid != null && model instanceof ComputationGraph g ? evaluate(g, valid) : new double[] {Double.NaN, Double.NaN};
        History.Epoch e = new History.Epoch(history.size() + 1, seen == 0 ? Double.NaN : lossSum / seen,
                accuracy.accuracy(), v[0], v[1], secs, seen);
        history.add(e);
        if (bar != null) {
            bar.done(String.format(Locale.ROOT, "loss %.4f acc %.4f - val_loss %.4f val_acc %.4f", e.loss(), e.acc(), e.valLoss(), e.valAcc()));
        }
    }

    /**
     * Mean cross-entropy (probabilities clipped at 1e-7, as Keras did) and accuracy of {@code g}
     * on one full pass over {@code data}, with dropout off.
     */
    public static double[] evaluate(ComputationGraph g, DataSetIterator data) {
        EvalResult r = Evaluate.of(g, Data.iterator(data, 0));
        data.reset();
        return new double[] {r.loss(), r.accuracy()};
    }

    // ---- charts ---------------------------------------------------------------------------

    /** Training and validation loss per epoch. */
    public static XYChart lossChart(History h, String title) { return h.lossChart(title); }

    /** Training and validation accuracy per epoch. */
    public static XYChart accuracyChart(History h, String title) { return h.accuracyChart(title); }

    public XYChart lossChart(String title) { return history.lossChart(title); }
    public XYChart accuracyChart(String title) { return history.accuracyChart(title); }

    /** Passes batches through, handing each one's labels to the listener. */
    private final class Watched implements DataSetIterator {
        private final DataSetIterator in;

        Watched(DataSetIterator in) { this.in = in; }

        @Override public DataSet next() { return seen(in.next()); }
        @Override public DataSet next(int num) { return seen(in.next(num)); }

        private DataSet seen(DataSet ds) {
            labels = ds.getLabels();
            return ds;
        }

        @Override public boolean hasNext() { return in.hasNext(); }
        @Override public void reset() { in.reset(); }
        @Override public int inputColumns() { return in.inputColumns(); }
        @Override public int totalOutcomes() { return in.totalOutcomes(); }
        @Override public boolean resetSupported() { return in.resetSupported(); }
        @Override public boolean asyncSupported() { return false; }
        @Override public int batch() { return in.batch(); }
        @Override public void setPreProcessor(DataSetPreProcessor p) { in.setPreProcessor(p); }
        @Override public DataSetPreProcessor getPreProcessor() { return in.getPreProcessor(); }
        @Override public List<String> getLabels() { return in.getLabels(); }
    }
}
