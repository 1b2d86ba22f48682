package fastai.onednn;

import static org.junit.jupiter.api.Assertions.*;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** What the fast-path tests share: one net's gradient on one batch, and a comparison relative to scale. */
public final class Compare {
    private Compare() { }

    /** {@code g}'s gradient on {@code ds}; the random seed is fixed first so that two nets draw the same dropout masks. */
    public static Gradient gradient(ComputationGraph g, DataSet ds) {
        g.setInputs(ds.getFeatures());
        g.setLabels(ds.getLabels());
        Nd4j.getRandom().setSeed(11);
        g.computeGradientAndScore();
        return g.gradient();
    }

    /** max |expected - actual| <= tol * max(1, max |expected|); {@code actual} is compared in {@code expected}'s data type. */
    public static void assertClose(String what, INDArray expected, INDArray actual, double tol) {
        assertNotNull(actual, what);
        assertArrayEquals(expected.shape(), actual.shape(), what);
        double scale = Math.max(1.0, expected.amaxNumber().doubleValue());
        double diff = expected.sub(actual.castTo(expected.dataType())).amaxNumber().doubleValue();
        assertTrue(diff <= tol * scale, what + ": max difference " + diff + " (scale " + scale + ", allowed " + tol * scale + ")");
    }
}
