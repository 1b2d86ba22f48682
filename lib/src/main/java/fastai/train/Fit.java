package fastai.train;

import java.util.Iterator;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;

import fastai.display.ProgressBar;

/**
 * The library's one training loop, the Java twin of Keras' {@code model.fit}: for each epoch the
 * data in mini-batches (reshuffled), {@code net.fit} on each, a live progress bar with the running
 * loss, then validation, all recorded in a {@link History}.
 * <pre>
 * History h = Fit.of(net).epochs(3).batchSize(64).validation(Data.arrays(vx, vy)).run(Data.arrays(x, y));
 * </pre>
 * The training loss is DL4J's score of each batch (regularisation included, as Keras reported it),
 * averaged over the epoch's examples; training accuracy is counted from the same forward pass (the
 * output layer recomputed from its input, without dropout, weights before the step). Validation
 * uses {@link Evaluate}.
 */
public final class Fit {
    /** The seed every fit starts from unless told otherwise, so that a notebook re-run gives the same numbers. */
    public static final long SEED = 42;

    private final NeuralNetwork net;
    private int epochs = 1, batchSize = 64, patience = 0;
    private long seed = SEED;
    private boolean shuffle = true, quiet = false;
    private Data validation;
    private History history;
    private String title = "Epoch";
    private Consumer<History.Epoch> onEpoch = e -> { };

    private Fit(NeuralNetwork net) {
        if (!(net instanceof MultiLayerNetwork) && !(net instanceof ComputationGraph)) throw Evaluate.unsupported(net);
        this.net = net;
    }

    /** Training for {@code net}, a {@code MultiLayerNetwork} or a {@code ComputationGraph}. */
    public static Fit of(NeuralNetwork net) { return new Fit(net); }

    public Fit epochs(int n) {
        if (n < 0) throw new IllegalArgumentException("epochs must be >= 0, got " + n);
        epochs = n;
        return this;
    }

    /** Rows per mini-batch for data held in memory (an iterator keeps its own). */
    public Fit batchSize(int n) {
        if (n < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + n);
        batchSize = n;
        return this;
    }

    public Fit seed(long s) { seed = s; return this; }

    /** false keeps the rows in order every epoch (a stateful RNN reading a text front to back). */
    public Fit shuffle(boolean s) { shuffle = s; return this; }

    /** No progress bar or epoch lines (tests, inner loops). */
    public Fit quiet(boolean q) { quiet = q; return this; }

    /** Data to validate on after each epoch (loss and accuracy into the history). */
    public Fit validation(Data v) { validation = v; return this; }

    /** Appends the epochs to {@code h} (numbering continues), so several fits make one history and one chart. */
    public Fit history(History h) { history = h; return this; }

    /** The progress bar's label ("Epoch" by default). */
    public Fit title(String t) { title = t; return this; }

    /** Called after each epoch with its record: sample some text, step the learning rate, save a checkpoint. */
    public Fit onEpoch(Consumer<History.Epoch> f) { onEpoch = f == null ? e -> { } : f; return this; }

    /**
     * Early stopping: stop when the validation loss has not improved for {@code n} epochs and put
     * back the parameters of the best epoch. 0 (default) trains every epoch and keeps the last.
     */
    public Fit patience(int n) {
        if (n < 0) throw new IllegalArgumentException("patience must be >= 0, got " + n);
        patience = n;
        return this;
    }

    /** Trains on {@code train}; returns the history (the one given with {@link #history}, or a new one). */
    public History run(Data train) {
        if (train == null) throw new IllegalArgumentException("no training data");
        if (patience > 0 && validation == null) throw new IllegalArgumentException("early stopping (patience) needs validation data");
        History h = history == null ? new History() : history;
        Random rnd = new Random(seed + h.size());
        TrainAccuracy acc = new TrainAccuracy();
        listeners(true, acc);
        double best = Double.POSITIVE_INFINITY;
        INDArray bestParams = null;
        int sinceBest = 0;
        try {
            for (int e = 1; e <= epochs; e++) {
                long t0 = System.nanoTime();
                ProgressBar bar = new ProgressBar(title + " " + e + "/" + epochs, train.batches(batchSize)).quiet(quiet);
                acc.reset();
                double lossSum = 0;
                long n = 0;
                Iterator<MultiDataSet> it = train.epoch(batchSize, rnd, shuffle);
                long batches = 0;
                while (it.hasNext()) {
                    MultiDataSet mds = it.next();
                    acc.expect(mds.getLabels(0));
                    fitBatch(mds);
                    long rows = mds.getFeatures(0).size(0);
                    lossSum += ((Model) net).score() * rows;
                    n += rows;
                    batches++;
                    bar.step(rows, "loss", lossSum / n);
                }
                if (batches == 0) throw new IllegalArgumentException("the training data gave no batches");
                incrementEpochCount();   // fit(batch) does not count epochs; learning-rate schedules by epoch need them
                double secs = (System.nanoTime() - t0) / 1e9;
                EvalResult v = validation != null ? Evaluate.of(net, validation) : new EvalResult(Double.NaN, Double.NaN, 0);
                History.Epoch ep = new History.Epoch(h.size() + 1, lossSum / n, acc.accuracy(), v.loss(), v.accuracy(), secs, n);
                h.add(ep);
                bar.done(summary(ep));
                onEpoch.accept(ep);
                if (patience > 0) {
                    if (ep.valLoss() < best) {
                        best = ep.valLoss();
                        bestParams = net.params().dup();
                        sinceBest = 0;
                    } else if (++sinceBest >= patience) {
                        if (!quiet) System.out.printf(Locale.ROOT, "early stop: no better val_loss than %.4f for %d epochs%n", best, patience);
                        break;
                    }
                }
            }
        } finally {
            listeners(false, acc);
        }
        if (bestParams != null) setParams(bestParams);
        return h;
    }

    static String summary(History.Epoch ep) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "loss %.4f", ep.loss()));
        if (!Double.isNaN(ep.acc())) sb.append(String.format(Locale.ROOT, " acc %.4f", ep.acc()));
        if (!Double.isNaN(ep.valLoss())) sb.append(String.format(Locale.ROOT, " - val_loss %.4f", ep.valLoss()));
        if (!Double.isNaN(ep.valAcc())) sb.append(String.format(Locale.ROOT, " val_acc %.4f", ep.valAcc()));
        return sb.toString();
    }

    private void fitBatch(MultiDataSet mds) {
        if (net instanceof MultiLayerNetwork m) m.fit(toDataSet(mds));
        else ((ComputationGraph) net).fit(mds);
    }

    private void incrementEpochCount() {
        if (net instanceof MultiLayerNetwork m) m.incrementEpochCount();
        else ((ComputationGraph) net).incrementEpochCount();
    }

    private void setParams(INDArray p) {
        if (net instanceof MultiLayerNetwork m) m.setParams(p);
        else ((ComputationGraph) net).setParams(p);
    }

    private void listeners(boolean add, TrainingListener l) {
        if (net instanceof MultiLayerNetwork m) {
            if (add) m.addListeners(l); else m.getListeners().remove(l);
        } else {
            ComputationGraph g = (ComputationGraph) net;
            if (add) g.addListeners(l); else g.getListeners().remove(l);
        }
    }

    static DataSet toDataSet(MultiDataSet mds) {
        if (mds.numFeatureArrays() != 1 || mds.numLabelsArrays() != 1) {
            throw new IllegalArgumentException("a MultiLayerNetwork takes one input and one label array, got "
                    + mds.numFeatureArrays() + " and " + mds.numLabelsArrays() + " (use a ComputationGraph)");
        }
        return new DataSet(mds.getFeatures(0), mds.getLabels(0), mds.getFeaturesMaskArray(0), mds.getLabelsMaskArray(0));
    }

    static MultiDataSet toMulti(DataSet ds) {
        return new MultiDataSet(new INDArray[] {ds.getFeatures()}, new INDArray[] {ds.getLabels()},
                ds.getFeaturesMaskArray() == null ? null : new INDArray[] {ds.getFeaturesMaskArray()},
                ds.getLabelsMaskArray() == null ? null : new INDArray[] {ds.getLabelsMaskArray()});
    }
}
