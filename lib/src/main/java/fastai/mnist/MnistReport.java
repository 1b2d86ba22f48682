package fastai.mnist;

import java.util.List;
import java.util.Map;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The MNIST notebook's summary: each step's test accuracy (ours) beside the figure the course's
 * own MNIST notebook published for the same kind of model, with our seconds per epoch.
 */
public final class MnistReport {
    public static final String LINEAR = "linear";
    public static final String HIDDEN = "one hidden layer";
    public static final String CNN = "CNN";
    public static final String CNN_BN_AUG = "CNN + batchnorm + augmentation";
    public static final String ENSEMBLE = "ensemble";

    /** The course's published test accuracies; it published none for one hidden layer. */
    public static final Map<String, Double> COURSE = Map.of(
            LINEAR, 0.924, CNN, 0.9926, CNN_BN_AUG, 0.9945, ENSEMBLE, 0.9969);

    private MnistReport() { }

    /** One row per step: ours, the course's (missing where it published none), epochs, s/epoch. */
    public static Table table(List<MnistTrainer.Step> steps) {
        if (steps == null || steps.isEmpty()) throw new IllegalArgumentException("no steps to report");
        StringColumn name = StringColumn.create("step");
        DoubleColumn ours = DoubleColumn.create("test acc (ours)");
        DoubleColumn course = DoubleColumn.create("test acc (course)");
        StringColumn note = StringColumn.create("note");
        IntColumn epochs = IntColumn.create("epochs (ours)");
        DoubleColumn secs = DoubleColumn.create("s/epoch (ours)");
        IntColumn images = IntColumn.create("train images (ours)");
        for (MnistTrainer.Step s : steps) {
            name.append(s.name());
            ours.append(Math.round(s.accuracy() * 1e4) / 1e4);
            Double c = COURSE.get(s.name());
            if (c == null) course.appendMissing(); else course.append(c);
            String n = c != null ? "" : HIDDEN.equals(s.name()) ? "the course published no figure for this" : "not a course step";
            if (s.nets().size() > 1) n = (n.isEmpty() ? "" : n + "; ") + s.nets().size() + " models, s/epoch is per model";
            note.append(n);
            epochs.append(s.epochs());
            secs.append(Math.round(s.secondsPerEpoch() * 10) / 10.0);
            images.append((int) s.trainImages());
        }
        return Table.create("MNIST test accuracy: ours beside the course's", name, ours, course, epochs, secs, images, note);
    }
}
