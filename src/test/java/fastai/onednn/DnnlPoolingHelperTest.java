package fastai.onednn;

import static org.junit.jupiter.api.Assertions.*;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;

/** {@link DnnlPoolingHelper} gives DL4J's own max-pooling numbers (libnd4j's {@code maxpool2d}/{@code maxpool2d_bp}). */
class DnnlPoolingHelperTest {
    @BeforeEach
    void needsOneDnn() {
        Assumptions.assumeTrue(Dnnl.available(), Dnnl.unavailableReason());
    }

    @Test
    void twoByTwoStrideTwo() {
        check(new int[] {2, 2}, new int[] {2, 2}, ConvolutionMode.Truncate, CNN2DFormat.NCHW, random(4, 3, 28, 28), 14);
    }

    @Test
    void twoByTwoOnAnOddSideDropsTheLastRow() {
        check(new int[] {2, 2}, new int[] {2, 2}, ConvolutionMode.Truncate, CNN2DFormat.NCHW, random(2, 5, 7, 7), 3);
    }

    @Test
    void threeByThreeStrideTwoOverlaps() {
        check(new int[] {3, 3}, new int[] {2, 2}, ConvolutionMode.Truncate, CNN2DFormat.NCHW, random(3, 4, 13, 13), 6);
    }

    @Test
    void threeByThreeSameMode() {
        check(new int[] {3, 3}, new int[] {2, 2}, ConvolutionMode.Same, CNN2DFormat.NCHW, random(2, 3, 10, 10), 5);
    }

    @Test
    void channelsLast() {
        check(new int[] {2, 2}, new int[] {2, 2}, ConvolutionMode.Truncate, CNN2DFormat.NHWC, random(2, 12, 12, 6), 6);
    }

    @Test
    void tiesGiveTheGradientToOneElementOfTheWindowAsDl4jDoes() {
        // values in {0, 1, 2}: most windows hold their maximum twice or more (and all-zero windows, as after a ReLU)
        Nd4j.getRandom().setSeed(5);
        INDArray x = Transforms.floor(Nd4j.rand(DataType.FLOAT, 2, 3, 12, 12).muli(3), false);
        check(new int[] {2, 2}, new int[] {2, 2}, ConvolutionMode.Truncate, CNN2DFormat.NCHW, x, 6);
        check(new int[] {3, 3}, new int[] {2, 2}, ConvolutionMode.Truncate, CNN2DFormat.NCHW, x, 5);
    }

    @Test
    void theBackwardUsesTheWorkspaceOfAForwardThroughTheHelper() {
        INDArray x = random(2, 3, 8, 8), eps = random(2, 3, 4, 4);
        DnnlPoolingHelper h = new DnnlPoolingHelper();
        LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
        int[] k = {2, 2}, s = {2, 2}, p = {0, 0}, d = {1, 1};
        INDArray out = h.activate(x, true, k, s, p, PoolingType.MAX, ConvolutionMode.Truncate, d, CNN2DFormat.NCHW, ws);
        ComputationGraph g = pooling(k, s, ConvolutionMode.Truncate, CNN2DFormat.NCHW, 3, 8);
        org.deeplearning4j.nn.api.Layer layer = g.getLayer("pool");
        layer.setInput(x, ws);
        assertClose("forward", layer.activate(true, ws), out, 0);
        INDArray viaWorkspace = h.backpropGradient(x, eps, k, s, p, PoolingType.MAX, ConvolutionMode.Truncate, d,
                CNN2DFormat.NCHW, ws).getSecond();
        INDArray recomputed = h.backpropGradient(x, eps, k, s, p, PoolingType.MAX, ConvolutionMode.Truncate, d,
                CNN2DFormat.NCHW, ws).getSecond();
        assertClose("backward with the forward's workspace vs. recomputed", recomputed, viaWorkspace, 0);
        assertClose("backward vs. DL4J", layer.backpropGradient(eps, ws).getSecond(), viaWorkspace, 0);
        assertTrue(h.implementations().startsWith("[2, 3, 8, 8]"), "one primitive set, built for this shape: " + h.implementations());
        System.out.println("oneDNN max pooling: " + h.implementations());
    }

    @Test
    void averagePoolingIsLeftToDl4j() {
        DnnlPoolingHelper h = new DnnlPoolingHelper();
        INDArray x = random(1, 1, 4, 4);
        assertNull(h.backpropGradient(x, random(1, 1, 2, 2), new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0},
                PoolingType.AVG, ConvolutionMode.Truncate, new int[] {1, 1}, CNN2DFormat.NCHW, LayerWorkspaceMgr.noWorkspaces()));
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().graphBuilder().addInputs("in")
                .addLayer("pool", new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(2, 2).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build(), "pool")
                .setOutputs("out").setInputTypes(InputType.convolutional(4, 4, 1)).build());
        g.init();
        assertEquals(0, DnnlLayers.installOn(g.getLayers()), "no helper on average pooling");
    }

    /**
     * The layer with our helper installed gives DL4J's forward and DL4J's gradient at the input,
     * and the helper (called directly, so a silent fallback to DL4J cannot pass) gives the same.
     */
    private static void check(int[] k, int[] s, ConvolutionMode mode, CNN2DFormat format, INDArray x, int outSide) {
        boolean nchw = format == CNN2DFormat.NCHW;
        int c = (int) x.size(nchw ? 1 : 3), side = (int) x.size(2);
        ComputationGraph plain = pooling(k, s, mode, format, c, side), fast = plain.clone();
        assertEquals(1, DnnlLayers.installOn(fast.getLayers()));
        assertInstanceOf(DnnlPoolingHelper.class, fast.getLayer("pool").getHelper());
        assertNull(plain.getLayer("pool").getHelper(), "the reference runs DL4J's own path");
        LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
        org.deeplearning4j.nn.api.Layer ref = plain.getLayer("pool"), ours = fast.getLayer("pool");
        ref.setInput(x, ws);
        ours.setInput(x, ws);
        INDArray out = ref.activate(true, ws);
        assertEquals(outSide, out.size(nchw ? 2 : 1));
        assertClose("forward", out, ours.activate(true, ws), 0);
        INDArray eps = random(out.shape());
        INDArray expected = ref.backpropGradient(eps, ws).getSecond();
        assertClose("gradient at the input, layer with helper", expected, ours.backpropGradient(eps, ws).getSecond(), 1e-6);
        DnnlLayersTest.assertNoFallback(fast);
        int[] pad = {0, 0};   // Same mode: the helper works out its padding itself
        Pair<Gradient, INDArray> direct = new DnnlPoolingHelper().backpropGradient(x, eps, k, s, pad, PoolingType.MAX,
                mode, new int[] {1, 1}, format, ws);
        assertNotNull(direct, "the helper takes max pooling");
        assertClose("gradient at the input, helper", expected, direct.getSecond(), 1e-6);
        // each window passes its gradient on whole: the sums agree
        assertEquals(eps.sumNumber().doubleValue(), direct.getSecond().sumNumber().doubleValue(), 1e-3);
    }

    private static ComputationGraph pooling(int[] k, int[] s, ConvolutionMode mode, CNN2DFormat format, int c, int side) {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().convolutionMode(mode).graphBuilder()
                .addInputs("in")
                .addLayer("pool", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(k).stride(s).dataFormat(format).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build(), "pool")
                .setOutputs("out").setInputTypes(InputType.convolutional(side, side, c, format)).build());
        g.init();
        return g;
    }

    private static INDArray random(long... shape) {
        return Nd4j.randn(DataType.FLOAT, shape);
    }

    private static void assertClose(String what, INDArray expected, INDArray actual, double tol) {
        assertArrayEquals(expected.shape(), actual.shape(), what);
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(diff <= tol, what + ": max difference " + diff);
    }
}
