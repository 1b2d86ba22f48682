package fastai.cnn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

import fastai.io.AtomicFiles;
import fastai.train.History;

/**
 * Saves a model after every epoch, as the course saved its weights under a new file name each
 * epoch "in case it overfits", and goes back to the best one. Pass it to
 * {@code Fit.onEpoch(checkpoints)}; each save is atomic (a temporary file renamed into place), so
 * an interrupted run never leaves a half-written checkpoint. "Best" is the highest validation
 * accuracy, ties broken by the lower validation loss, then the earlier epoch.
 */
public final class Checkpoints implements Consumer<History.Epoch> {
    /** One saved epoch. */
    public record Saved(int epoch, double valLoss, double valAcc, Path file) { }

    private final ComputationGraph net;
    private final Path dir;
    private final String prefix;
    private final List<Saved> saved = new ArrayList<>();

    /** Checkpoints of {@code net} in {@code dir}, named {@code prefix-epoch01.zip}, .... */
    public Checkpoints(ComputationGraph net, Path dir, String prefix) {
        if (net == null) throw new IllegalArgumentException("no network to checkpoint");
        if (prefix == null || prefix.isBlank() || prefix.contains("/")) throw new IllegalArgumentException("bad checkpoint prefix: " + prefix);
        this.net = net;
        this.dir = dir;
        this.prefix = prefix;
    }

    /** Saves the network as it is after epoch {@code e}. */
    @Override public void accept(History.Epoch e) {
        Path f = dir.resolve(String.format(Locale.ROOT, "%s-epoch%02d.zip", prefix, e.epoch()));
        AtomicFiles.write(f, tmp -> ModelSerializer.writeModel(net, tmp.toFile(), true));
        saved.add(new Saved(e.epoch(), e.valLoss(), e.valAcc(), f));
    }

    public List<Saved> saved() { return List.copyOf(saved); }

    /** The best checkpoint so far (highest validation accuracy, then lowest loss, then earliest). */
    public Saved best() {
        if (saved.isEmpty()) throw new IllegalStateException("no checkpoint saved yet (pass this to Fit.onEpoch and train)");
        Saved best = saved.get(0);
        for (Saved s : saved) {
            if (s.valAcc() > best.valAcc() || (s.valAcc() == best.valAcc() && s.valLoss() < best.valLoss())) best = s;
        }
        return best;
    }

    /** The network as it was at the {@link #best()} epoch, loaded from its file (with its updater state). */
    public ComputationGraph loadBest() { return load(best()); }

    /** The network of one saved epoch. */
    public static ComputationGraph load(Saved s) {
        if (!Files.isRegularFile(s.file())) throw new IllegalArgumentException("checkpoint file not found: " + s.file().toAbsolutePath());
        try {
            return ModelSerializer.restoreComputationGraph(s.file().toFile(), true);
        } catch (Exception e) {
            throw new IllegalArgumentException(s.file().toAbsolutePath() + " is not a readable checkpoint (" + e.getMessage() + ")", e);
        }
    }
}
