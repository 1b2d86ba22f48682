package fastai.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import fastai.onednn.OneDnn;

/**
 * The library's default conv path (oneDNN natives + DL4J's native helpers + cached
 * pre-activations, {@link OneDnn#install}) gives the outputs, gradients and training steps of
 * DL4J's reference Java layers within float tolerance. No timings are asserted.
 */
class FastPathTest {
    @Test
    void mnistCnnMatchesDl4jReference() {
        check(Nets.mnistCnn(7), Nets.randomBatch(16, 1, 28, 10, 3));
    }

    @Test
    void cnn150MatchesDl4jReference() {
        // 150x150 is the real size (the dense layer's input depends on it); a small batch keeps it quick.
        check(Nets.cnn150(7), Nets.randomBatch(4, 3, 150, 1, 4));
    }

    @Test
    void installSetsTheCacheModeAndUninstallClearsIt() {
        ComputationGraph g = Nets.mnistCnn(1);
        Assumptions.assumeTrue(OneDnn.wanted(), "-Dfastai.onednn=false: the oneDNN path is switched off");
        int n = OneDnn.install(g);
        assertEquals(4, n, "one helper per convolution; pooling runs on libnd4j's own kernels");
        assertFalse(Nd4j.getEnvironment().helpersAllowed(), "oneDNN stays off outside the convolutions");
        assertEquals(OneDnn.cacheWanted() ? CacheMode.DEVICE : CacheMode.NONE, g.getConfiguration().getCacheMode());
        OneDnn.uninstall(g);
        assertEquals(CacheMode.NONE, g.getConfiguration().getCacheMode());
    }

    @Test
    void torchReferenceScriptIsInTheRepository() {
        assertTrue(java.nio.file.Files.isRegularFile(fastai.Config.home().resolve("lib/bench/torch_reference.py")));
    }

    private static void check(ComputationGraph reference, DataSet ds) {
        Assumptions.assumeTrue(OneDnn.wanted(), "-Dfastai.onednn=false: the oneDNN path is switched off, nothing to compare");
        ComputationGraph fast = reference.clone();
        OneDnn.uninstall(reference);
        int helpers = OneDnn.install(fast);
        assertTrue(helpers > 0, "the fast path must be installed on the net under test (0 conv helpers), or this would compare DL4J's path with itself");
        INDArray x = ds.getFeatures();
        assertClose("output", reference.outputSingle(false, x), fast.outputSingle(false, x), 1e-4);

        Gradient gr = gradient(reference, ds), gf = gradient(fast, ds);
        for (Map.Entry<String, INDArray> e : gr.gradientForVariable().entrySet()) {
            assertClose("gradient " + e.getKey(), e.getValue(), gf.getGradientFor(e.getKey()), 1e-3);
        }
        // Two training steps each (the second uses the first's cached state and Adam's moments): same parameters.
        for (int i = 0; i < 2; i++) {
            Nd4j.getRandom().setSeed(21 + i);
            reference.fit(ds);
            Nd4j.getRandom().setSeed(21 + i);
            fast.fit(ds);
        }
        assertClose("parameters after 2 steps", reference.params(), fast.params(), 1e-3);
        assertClose("output after 2 steps", reference.outputSingle(false, x), fast.outputSingle(false, x), 1e-3);
    }

    private static Gradient gradient(ComputationGraph g, DataSet ds) {
        g.setInputs(ds.getFeatures());
        g.setLabels(ds.getLabels());
        Nd4j.getRandom().setSeed(11);   // same dropout masks
        g.computeGradientAndScore();
        return g.gradient();
    }

    /** max |a - b| <= tol * max(1, max |a|). */
    private static void assertClose(String what, INDArray a, INDArray b, double tol) {
        assertNotNull(b, what);
        assertArrayEquals(a.shape(), b.shape(), what);
        double scale = Math.max(1.0, a.amaxNumber().doubleValue());
        double diff = a.sub(b).amaxNumber().doubleValue();
        assertTrue(diff <= tol * scale, what + ": max difference " + diff + " (scale " + scale + ")");
    }

}
