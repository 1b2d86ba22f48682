package fastai.cnn;

import java.util.Arrays;
import java.util.Locale;

import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import fastai.train.Data;
import fastai.train.Evaluate;

/**
 * Under- or over-fitting, measured rather than guessed: the accuracy of a model on its own
 * training data twice, with dropout on (as training sees it: a training-mode forward pass,
 * averaged over several random dropout masks) and off (inference mode), beside its accuracy on
 * validation data (inference mode).
 *
 * <p>Reading it: dropout-off training accuracy clearly above validation accuracy means the model
 * fits its training data better than new data (over-fitting); dropout-off training accuracy no
 * better than validation means it has not even fitted the training data (under-fitting: less
 * regularisation or a bigger model may help). Dropout-on below validation alone, the sign the
 * course read in Keras' running training accuracy, only shows that dropout handicaps training.
 */
public record FitDiagnosis(double trainDropoutOn, double trainDropoutOff, double valid, long trainRows, long validRows) {

    /** Measures {@code g} on {@code (x, y)} with dropout on ({@code samples} masks) and off, and on {@code (vx, vy)}; labels one-hot. */
    public static FitDiagnosis measure(ComputationGraph g, INDArray x, INDArray y, INDArray vx, INDArray vy, int samples, long seed) {
        if (samples < 1) throw new IllegalArgumentException("samples must be >= 1, got " + samples);
        check(x, y, "training");
        check(vx, vy, "validation");
        double on = 0;
        Nd4j.getRandom().setSeed(seed);
        // A training-mode output pass with dropout trips DL4J M2.1's workspace checks on some graphs
        // ("Workspace WS_LAYER_ACT_0 for array type INPUT is not open"); without workspaces it is plain arithmetic.
        WorkspaceMode mode = g.getConfiguration().getTrainingWorkspaceMode();   // a training-mode pass uses the training mode's setting
        g.getConfiguration().setTrainingWorkspaceMode(WorkspaceMode.NONE);
        try {
            for (int s = 0; s < samples; s++) on += accuracy(g.outputSingle(true, x), y);
        } finally {
            g.getConfiguration().setTrainingWorkspaceMode(mode);
        }
        double off = Evaluate.of(g, Data.arrays(x, y)).accuracy();
        double v = Evaluate.of(g, Data.arrays(vx, vy)).accuracy();
        return new FitDiagnosis(on / samples, off, v, x.size(0), vx.size(0));
    }

    /** Share of rows whose largest output is the labelled class (ties go to the lower class, as argmax does). */
    static double accuracy(INDArray out, INDArray y) {
        INDArray pred = out.argMax(1), truth = y.argMax(1);
        return pred.eq(truth).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).meanNumber().doubleValue();
    }

    /** One standard error of the validation accuracy (binomial): the noise to read differences against. */
    public double validStandardError() { return Math.sqrt(valid * (1 - valid) / Math.max(1, validRows)); }

    /** Training accuracy without dropout minus validation accuracy. */
    public double gap() { return trainDropoutOff - valid; }

    /** "over-fitting", "under-fitting" or "neither, within noise", from the gap against two validation standard errors (at least 1 image). */
    public String verdict() {
        double noise = Math.max(2 * validStandardError(), 1.0 / Math.max(1, validRows));
        if (gap() > noise) return "over-fitting";
        if (gap() < -noise) return "under-fitting";
        return trainDropoutOff >= 0.999 && valid >= 0.999 ? "neither (both perfect)" : "neither, within noise";
    }

    private static void check(INDArray x, INDArray y, String what) {
        if (x == null || y == null) throw new IllegalArgumentException(what + " features and labels must not be null");
        if (x.size(0) != y.size(0)) {
            throw new IllegalArgumentException(what + " features have " + x.size(0) + " rows " + Arrays.toString(x.shape()) + " but labels "
                    + y.size(0));
        }
    }

    @Override public String toString() {
        return String.format(Locale.ROOT, "training accuracy, dropout on (as training sees it): %.4f%n"
                        + "training accuracy, dropout off (inference mode):     %.4f%n"
                        + "validation accuracy (inference mode):                %.4f   (± %.4f, one standard error on %d images)%n"
                        + "train (dropout off) - validation: %+.4f  →  %s",
                trainDropoutOn, trainDropoutOff, valid, validStandardError(), validRows, gap(), verdict());
    }
}
