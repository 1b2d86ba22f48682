package fastai.onednn;

import static fastai.onednn.Compare.*;
import static org.junit.jupiter.api.Assertions.*;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import fastai.models.MiniVgg;

/** The oneDNN convolution helper that {@link OneDnn} installs gives DL4J's own numbers. */
class OneDnnTest {
    /** Both convolution paths: ours on oneDNN's presets and DL4J's helper on libnd4j's wrapper. */
    @ParameterizedTest
    @ValueSource(strings = {"dnnl", "libnd4j"})
    void helpersMatchTheJavaPath(String path) {
        String before = System.getProperty("fastai.onednn");
        System.setProperty("fastai.onednn", path);
        try {
            Assumptions.assumeTrue(OneDnn.path().name().equalsIgnoreCase(path), "path " + path + " is not available here");
            helpersMatchTheJavaPath();
        } finally {
            if (before == null) System.clearProperty("fastai.onednn");
            else System.setProperty("fastai.onednn", before);
        }
    }

    private void helpersMatchTheJavaPath() {
        Assumptions.assumeTrue(OneDnn.wanted(), "-Dfastai.onednn=false: the oneDNN path is switched off, nothing to compare");
        ComputationGraph fast = MiniVgg.network(28, new int[] {4, 8}, 16, 3, 5);
        ComputationGraph plain = fast.clone();
        int n = OneDnn.install(fast);
        OneDnn.uninstall(plain);
        assertEquals(4, n, "one helper per convolution; pooling runs on libnd4j's own kernels");
        assertEquals(OneDnn.path() == OneDnn.Path.DNNL ? DnnlConvHelper.class : OneDnnConvHelper.class,
                fast.getLayer("block1_conv1").getHelper().getClass());
        assertFalse(Nd4j.getEnvironment().helpersAllowed(), "oneDNN stays off outside the convolutions");
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 1, 28, 28);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 3);
        for (int i = 0; i < 8; i++) y.putScalar(i, i % 3, 1f);
        assertEquals(0.0, fast.outputSingle(false, x).sub(plain.outputSingle(false, x)).amaxNumber().doubleValue(), 1e-5);

        Gradient gf = gradient(fast, new DataSet(x, y)), gp = gradient(plain, new DataSet(x, y));
        for (String k : gp.gradientForVariable().keySet()) {
            INDArray a = gp.getGradientFor(k), b = gf.getGradientFor(k);
            double tol = 1e-4 * Math.max(1.0, a.amaxNumber().doubleValue());
            assertEquals(0.0, a.sub(b).amaxNumber().doubleValue(), tol, k);
        }
        assertFalse(Nd4j.getEnvironment().helpersAllowed(), "the conv helper switches oneDNN off again after each call");
    }

}
