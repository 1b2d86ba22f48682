package fastai.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.earlystopping.EarlyStoppingConfiguration;
import org.deeplearning4j.earlystopping.EarlyStoppingResult;
import org.deeplearning4j.earlystopping.saver.InMemoryModelSaver;
import org.deeplearning4j.earlystopping.scorecalc.ScoreCalculator;
import org.deeplearning4j.earlystopping.termination.MaxEpochsTerminationCondition;
import org.deeplearning4j.earlystopping.termination.ScoreImprovementEpochTerminationCondition;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingGraphTrainer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.knowm.xchart.XYChart;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import fastai.Batches;
import fastai.onednn.OneDnn;

/**
 * Keras' {@code EarlyStopping(monitor='val_loss', patience=p)} on DL4J's own early-stopping
 * support: an {@link EarlyStoppingConfiguration} with a
 * {@link ScoreImprovementEpochTerminationCondition} (stop after {@code patience} epochs without a
 * lower validation loss) and a {@link MaxEpochsTerminationCondition}, run by an
 * {@link EarlyStoppingGraphTrainer}; the best epoch's network is kept in memory and returned.
 * An {@link EpochHistoryListener} records every epoch and shows progress; its validation loss is
 * the early-stopping score, so the validation set is read once per epoch.
 *
 * <pre>{@code
 * EarlyStopping.Result r = EarlyStopping.patience(2).maxEpochs(50).fit(net, train, valid);
 * r.best();  r.bestEpoch();  r.epochs();  r.history();
 * }</pre>
 */
public final class EarlyStopping {
    private final int patience;
    private int maxEpochs = 50;
    private boolean quiet;
    private String title = "Epoch";

    private EarlyStopping(int patience) {
        if (patience < 1) throw new IllegalArgumentException("patience must be at least 1 epoch, got " + patience);
        this.patience = patience;
    }

    /** Stop once {@code patience} epochs in a row bring no lower validation loss. */
    public static EarlyStopping patience(int patience) { return new EarlyStopping(patience); }

    /** Stop after this many epochs in any case (default 50, the article's budget). */
    public EarlyStopping maxEpochs(int n) {
        if (n < 1) throw new IllegalArgumentException("maxEpochs must be at least 1, got " + n);
        this.maxEpochs = n;
        return this;
    }

    public EarlyStopping quiet(boolean q) { this.quiet = q; return this; }

    /** Title of the per-epoch progress bars. */
    public EarlyStopping title(String t) { this.title = t; return this; }

    public int patience() { return patience; }
    public int maxEpochs() { return maxEpochs; }

    /** What a run gives back: the best network (lowest validation loss), when it was, and every epoch. */
    public record Result(ComputationGraph best, int bestEpoch, int epochs, String reason, History history) {
        /** The best epoch's numbers. */
        public History.Epoch bestRow() { return history.epochs().get(bestEpoch - 1); }
        public XYChart lossChart(String title) { return EpochHistoryListener.lossChart(history, title); }
        public XYChart accuracyChart(String title) { return EpochHistoryListener.accuracyChart(history, title); }

        @Override public String toString() {
            History.Epoch b = bestRow();
            return String.format(Locale.ROOT, "%d epochs (%s); best epoch %d: val_loss %.4f val_acc %.4f",
                    epochs, reason, bestEpoch, b.valLoss(), b.valAcc());
        }
    }

    /**
     * Trains {@code net} on {@code train} until the validation loss on {@code valid} has not
     * improved for {@code patience} epochs (or {@code maxEpochs} are done). {@code net} ends at its
     * last state; {@link Result#best()} is a copy taken at the best epoch.
     */
    public Result fit(ComputationGraph net, DataSetIterator train, DataSetIterator valid) {
        if (net == null) throw new IllegalArgumentException("net is null");
        if (train == null) throw new IllegalArgumentException("train batches are null");
        if (valid == null) throw new IllegalArgumentException("early stopping needs validation batches (valid is null)");
        int batches = train instanceof Batches b ? b.numBatches() : 0;
        EpochHistoryListener history = new EpochHistoryListener(valid).batchesPerEpoch(batches).quiet(quiet).title(title);
        EarlyStoppingConfiguration<ComputationGraph> conf = new EarlyStoppingConfiguration.Builder<ComputationGraph>()
                .epochTerminationConditions(new ScoreImprovementEpochTerminationCondition(patience, 0),
                        new MaxEpochsTerminationCondition(maxEpochs))
                .scoreCalculator(new ValidationLoss(history))
                .modelSaver(new InMemoryModelSaver<>())
                .evaluateEveryNEpochs(1)
                .build();
        List<TrainingListener> before = new ArrayList<>(net.getListeners() == null ? List.of() : net.getListeners());
        net.addListeners(history);
        EarlyStoppingResult<ComputationGraph> r;
        try {
            r = new EarlyStoppingGraphTrainer(conf, net, history.watch(train)).fit();
        } finally {
            net.setListeners(before);
        }
        if (r.getTerminationReason() == EarlyStoppingResult.TerminationReason.Error) {
            throw new IllegalStateException("training stopped with an error: " + r.getTerminationDetails());
        }
        ComputationGraph best = r.getBestModel();
        best.setListeners(before);
        OneDnn.install(best);
        return new Result(best, r.getBestModelEpoch() + 1, history.history().size(), reason(r), history.history());
    }

    private String reason(EarlyStoppingResult<ComputationGraph> r) {
        String d = r.getTerminationDetails() == null ? "" : r.getTerminationDetails();
        if (d.startsWith("MaxEpochs")) return "reached maxEpochs " + maxEpochs;
        if (d.startsWith("ScoreImprovement")) return "no better val_loss for " + patience + " epochs";
        return d;
    }

    /** The early-stopping score: the validation loss the history listener measured this epoch. */
    private record ValidationLoss(EpochHistoryListener history) implements ScoreCalculator<ComputationGraph> {
        @Override public double calculateScore(ComputationGraph network) { return history.lastValLoss(); }
        @Override public boolean minimizeScore() { return true; }
    }
}
