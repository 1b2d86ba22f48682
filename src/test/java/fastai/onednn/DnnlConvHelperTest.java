package fastai.onednn;

import static fastai.onednn.Compare.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import fastai.bench.Nets;

/**
 * Our own oneDNN convolution ({@link DnnlConvHelper}) against DL4J's Java convolution: outputs, gradients
 * (the first layer's weight gradient also checks the epsilon the second layer hands down) and two Adam
 * steps, for padding, stride, dilation and bias variants; a batch size that changes between calls; and
 * two nets training at once in two threads.
 */
class DnnlConvHelperTest {
    private String pathBefore;

    /** This class is about our helper: it asks for the dnnl path whatever -Dfastai.onednn says, and restores it. */
    @BeforeEach
    void dnnlPath() {
        pathBefore = System.getProperty("fastai.onednn");
        System.setProperty("fastai.onednn", "dnnl");
        Assumptions.assumeTrue(OneDnn.wanted() && OneDnn.path() == OneDnn.Path.DNNL,
                "oneDNN's presets do not load here, or the backend is not ND4J's CPU one: " + Dnnl.unavailableReason());
    }

    @org.junit.jupiter.api.AfterEach
    void restorePath() {
        if (pathBefore == null) System.clearProperty("fastai.onednn");
        else System.setProperty("fastai.onednn", pathBefore);
    }

    /** Two convolutions with the given geometry, then a softmax over 3 classes. */
    private static ComputationGraph twoConvs(int side, int k, int stride, int dilation, ConvolutionMode mode, boolean bias,
                                             Activation act) {
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder().seed(5).updater(new Adam(1e-2))
                .weightInit(WeightInit.RELU).activation(act).convolutionMode(mode).graphBuilder().addInputs("in");
        b.addLayer("c1", new ConvolutionLayer.Builder(k, k).stride(stride, stride).dilation(dilation, dilation)
                .nOut(6).hasBias(bias).build(), "in");
        b.addLayer("c2", new ConvolutionLayer.Builder(3, 3).stride(1, 1).padding(mode == ConvolutionMode.Same ? 0 : 1, 1)
                .nOut(5).hasBias(bias).build(), "c1");
        b.addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                .activation(Activation.SOFTMAX).build(), "c2");
        b.setOutputs("out").setInputTypes(InputType.convolutional(side, side, 2));
        ComputationGraph g = new ComputationGraph(b.build());
        g.init();
        return g;
    }

    @Test
    void validPaddingMatchesTheJavaPath() {
        compare(twoConvs(12, 3, 1, 1, ConvolutionMode.Truncate, true, Activation.RELU), 7, 12);
    }

    @Test
    void samePaddingMatchesTheJavaPath() {
        compare(twoConvs(11, 3, 1, 1, ConvolutionMode.Same, true, Activation.RELU), 4, 11);
        compare(twoConvs(12, 4, 1, 1, ConvolutionMode.Same, true, Activation.RELU), 4, 12);   // even kernel: padding differs top/bottom
    }

    @Test
    void strideTwoMatchesTheJavaPath() {
        compare(twoConvs(13, 3, 2, 1, ConvolutionMode.Truncate, true, Activation.RELU), 4, 13);   // (13-3)/2: exact
        compare(twoConvs(14, 3, 2, 1, ConvolutionMode.Truncate, true, Activation.RELU), 4, 14);   // (14-3)/2: last column dropped
        compare(twoConvs(14, 3, 2, 1, ConvolutionMode.Same, true, Activation.RELU), 4, 14);
    }

    @Test
    void dilationNoBiasAndOtherActivationsMatchTheJavaPath() {
        compare(twoConvs(14, 3, 1, 2, ConvolutionMode.Truncate, true, Activation.RELU), 4, 14);
        compare(twoConvs(12, 3, 1, 1, ConvolutionMode.Truncate, false, Activation.RELU), 4, 12);
        compare(twoConvs(12, 3, 1, 1, ConvolutionMode.Same, true, Activation.TANH), 4, 12);
        compare(twoConvs(12, 3, 1, 1, ConvolutionMode.Same, true, Activation.LEAKYRELU), 4, 12);
    }

    @Test
    void reluIsFusedIntoTheForwardAndOtherActivationsAreNot() {
        ComputationGraph relu = twoConvs(12, 3, 1, 1, ConvolutionMode.Same, true, Activation.RELU);
        ComputationGraph tanh = twoConvs(12, 3, 1, 1, ConvolutionMode.Same, true, Activation.TANH);
        ComputationGraph leaky = twoConvs(12, 3, 1, 1, ConvolutionMode.Same, true, Activation.LEAKYRELU);
        OneDnn.install(relu);
        OneDnn.install(tanh);
        OneDnn.install(leaky);
        assertTrue(((DnnlConvHelper) relu.getLayer("c1").getHelper()).fusesRelu());
        assertFalse(((DnnlConvHelper) tanh.getLayer("c1").getHelper()).fusesRelu());
        assertFalse(((DnnlConvHelper) leaky.getLayer("c1").getHelper()).fusesRelu());
        // The activation DL4J sees is relu(z): no negative value, and zeros where the Java path has them.
        INDArray x = Nets.randomBatch(4, 2, 12, 3, 1).getFeatures().subi(0.5);
        INDArray a = relu.feedForward(x, false).get("c1");
        assertEquals(0.0, a.minNumber().doubleValue(), 0.0);
        assertTrue(a.maxNumber().doubleValue() > 0);
    }

    @Test
    void theHelperAloneGivesLibnd4jsConvolutionAndReluOnlyWhenFused() {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 4, 9, 9).subi(0.5), w = Nd4j.rand(DataType.FLOAT, 5, 4, 3, 3).subi(0.5);
        INDArray b = Nd4j.rand(DataType.FLOAT, 1, 5);
        INDArray expected = Nd4j.cnn().conv2d(x, w, b.reshape(5), org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig.builder()
                .kH(3).kW(3).sH(2).sW(2).pH(1).pW(1).dH(1).dW(1).paddingMode(org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode.VALID)
                .weightsFormat(org.nd4j.enums.WeightsFormat.OIYX).build());
        org.deeplearning4j.nn.workspace.LayerWorkspaceMgr mgr = org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces();
        DnnlConvHelper fused = new DnnlConvHelper(true, Activation.RELU.getActivationFunction());
        DnnlConvHelper plain = new DnnlConvHelper(true, Activation.TANH.getActivationFunction());
        int[] k = {3, 3}, st = {2, 2}, pad = {1, 1}, dil = {1, 1};
        INDArray z = plain.preOutput(x, w, b, k, st, pad, null, null, ConvolutionMode.Truncate, dil,
                org.deeplearning4j.nn.conf.CNN2DFormat.NCHW, mgr);
        assertFloatClose("pre-activation against libnd4j's conv2d", expected, z, 1e-5);
        assertNull(plain.activate(z, Activation.TANH.getActivationFunction(), true), "DL4J applies tanh itself");
        INDArray r = fused.preOutput(x, w, b, k, st, pad, null, null, ConvolutionMode.Truncate, dil,
                org.deeplearning4j.nn.conf.CNN2DFormat.NCHW, mgr);
        assertFloatClose("fused relu(z) against relu(conv2d)", org.nd4j.linalg.ops.transforms.Transforms.relu(expected, true), r, 1e-5);
        assertSame(r, fused.activate(r, Activation.RELU.getActivationFunction(), true), "the fused output is the activation");
        assertNull(fused.activate(expected.dup(), Activation.RELU.getActivationFunction(), true),
                "an array the fused forward did not make (DL4J's own path) gets DL4J's ReLU");
        assertNull(plain.preOutput(x.permute(0, 2, 3, 1).dup(), w, b, k, st, pad, null, null, ConvolutionMode.Truncate, dil,
                org.deeplearning4j.nn.conf.CNN2DFormat.NHWC, mgr), "NHWC is left to DL4J's Java path");
    }

    @Test
    void onlyATrainingLayerKeepsABlockedCopyOfItsInput() {
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 16, 20, 20), w = Nd4j.rand(DataType.FLOAT, 16, 16, 3, 3), b = Nd4j.zeros(DataType.FLOAT, 1, 16);
        org.deeplearning4j.nn.workspace.LayerWorkspaceMgr mgr = org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces();
        DnnlConvHelper h = new DnnlConvHelper(true, Activation.RELU.getActivationFunction());
        int[] k = {3, 3}, st = {1, 1}, pad = {1, 1}, dil = {1, 1};
        INDArray z = h.preOutput(x, w, b, k, st, pad, null, null, ConvolutionMode.Truncate, dil, org.deeplearning4j.nn.conf.CNN2DFormat.NCHW, mgr);
        long inputBytes = x.length() * 4;
        long inference = h.helperMemoryUse().values().iterator().next();
        assertTrue(inference < inputBytes / 4, "inference keeps only the blocked weights (" + inference + " bytes), not the input");
        h.backpropGradient(x, w, b, z.ulike().assign(1), k, st, pad, b.ulike(), w.ulike(), Activation.RELU.getActivationFunction(),
                null, null, null, ConvolutionMode.Truncate, dil, org.deeplearning4j.nn.conf.CNN2DFormat.NCHW, mgr);
        long training = h.helperMemoryUse().values().iterator().next();
        assertTrue(training >= inputBytes, "a training layer keeps its blocked input for the backward (" + training + " bytes)");
    }

    @Test
    void withoutTheCachedPreActivationTheBackwardStillMatches() {
        String before = System.getProperty("fastai.convcache");
        System.setProperty("fastai.convcache", "false");   // DL4J then runs the forward again inside backprop
        try {
            compare(twoConvs(12, 3, 1, 1, ConvolutionMode.Truncate, true, Activation.RELU), 4, 12);
            compare(twoConvs(12, 3, 2, 1, ConvolutionMode.Same, true, Activation.TANH), 4, 12);
        } finally {
            if (before == null) System.clearProperty("fastai.convcache");
            else System.setProperty("fastai.convcache", before);
        }
    }

    @Test
    void aSavedModelIsAPlainDl4jModel(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        ComputationGraph g = Nets.mnistCnn(4);
        assertEquals(4, OneDnn.install(g));
        DataSet ds = Nets.randomBatch(8, 1, 28, 10, 4);
        g.fit(ds);
        java.io.File f = dir.resolve("net.zip").toFile();
        org.deeplearning4j.util.ModelSerializer.writeModel(g, f, true);
        String json = g.getConfiguration().toJson();
        assertFalse(json.contains("fastai"), "no class of ours in the configuration");
        assertFalse(json.contains("Dnnl"), "no class of ours in the configuration");
        ComputationGraph back = org.deeplearning4j.util.ModelSerializer.restoreComputationGraph(f, true);
        assertFloatClose("restored net's output (DL4J's Java path) against ours", g.outputSingle(false, ds.getFeatures()),
                back.outputSingle(false, ds.getFeatures()), 1e-4);
        assertNull(back.getLayer("c1").getHelper() instanceof DnnlConvHelper ? "ours" : null, "a restored net has no helper of ours");
    }

    @Test
    void aChangingBatchSizeGetsItsOwnPrimitives() {
        ComputationGraph reference = twoConvs(12, 3, 1, 1, ConvolutionMode.Truncate, true, Activation.RELU);
        ComputationGraph fast = reference.clone();
        OneDnn.uninstall(reference);
        assertEquals(2, OneDnn.install(fast));
        int[] batches = {8, 5, 8, 3};
        for (int i = 0; i < batches.length; i++) {
            DataSet ds = Nets.randomBatch(batches[i], 2, 12, 3, 40 + i);
            reference.fit(ds);
            fast.fit(ds);
            assertFloatClose("parameters after batch of " + batches[i], reference.params(), fast.params(), 1e-4);
            assertFloatClose("output for a batch of " + batches[i], reference.outputSingle(false, ds.getFeatures()),
                    fast.outputSingle(false, ds.getFeatures()), 1e-4);
        }
        assertHelpersRan(fast, true);
        DnnlConvHelper h = (DnnlConvHelper) fast.getLayer("c1").getHelper();
        assertEquals(3, h.plansOnThisThread(), "one set of primitives per batch size: " + h.implementations().keySet());
    }

    @Test
    void choosesOptimisedKernels() {
        ComputationGraph g = Nets.mnistCnn(3);
        OneDnn.install(g);
        DataSet ds = Nets.randomBatch(8, 1, 28, 10, 3);
        g.fit(ds);
        for (Layer l : g.getLayers()) {
            if (!(l.getHelper() instanceof DnnlConvHelper h)) continue;
            for (Map.Entry<String, String> e : h.implementations().entrySet()) {
                System.out.println(l.conf().getLayer().getLayerName() + " " + e.getKey() + ": " + e.getValue());
                assertFalse(e.getValue().contains("ref"), "oneDNN's reference (slow) kernel was chosen: " + e.getValue());
                assertTrue(e.getValue().contains("bwd weights"), "the backward ran: " + e.getValue());
            }
        }
    }

    @Test
    void twoNetsTrainingInTwoThreadsEqualTrainingOneAfterTheOther() throws Exception {
        ComputationGraph a = Nets.mnistCnn(11), b = Nets.mnistCnn(12);
        ComputationGraph a2 = a.clone(), b2 = b.clone();
        for (ComputationGraph g : new ComputationGraph[] {a, b, a2, b2}) assertEquals(4, OneDnn.install(g));
        DataSet da = Nets.randomBatch(8, 1, 28, 10, 1), db = Nets.randomBatch(6, 1, 28, 10, 2);
        int steps = 3;
        for (int i = 0; i < steps; i++) {
            a.fit(da);
            b.fit(db);
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> fa = pool.submit(() -> { for (int i = 0; i < steps; i++) a2.fit(da); });
            Future<?> fb = pool.submit(() -> { for (int i = 0; i < steps; i++) b2.fit(db); });
            fa.get();
            fb.get();
        } finally {
            pool.shutdown();
        }
        assertHelpersRan(a2, false);
        assertHelpersRan(b2, false);
        assertFloatClose("net A's parameters", a.params(), a2.params(), 1e-5);
        assertFloatClose("net B's parameters", b.params(), b2.params(), 1e-5);
        assertTrue(a.params().sub(b.params()).amaxNumber().doubleValue() > 1e-3, "the two nets differ, so a mix-up would show");
    }

    /** Output, every gradient, and the parameters after two Adam steps, against DL4J's Java path. */
    static void compare(ComputationGraph reference, int batch, int side) {
        ComputationGraph fast = reference.clone();
        OneDnn.uninstall(reference);
        int n = OneDnn.install(fast);
        assertTrue(n > 0, "no helper installed");
        DataSet ds = Nets.randomBatch(batch, 2, side, 3, 9);
        INDArray x = ds.getFeatures();
        assertFloatClose("output", reference.outputSingle(false, x), fast.outputSingle(false, x), 1e-4);
        Gradient gr = gradient(reference, ds), gf = gradient(fast, ds);
        assertEquals(gr.gradientForVariable().keySet(), gf.gradientForVariable().keySet());
        for (Map.Entry<String, INDArray> e : gr.gradientForVariable().entrySet()) {
            assertFloatClose("gradient " + e.getKey(), e.getValue(), gf.getGradientFor(e.getKey()), 1e-4);
        }
        for (int i = 0; i < 2; i++) {
            reference.fit(ds);
            fast.fit(ds);
        }
        assertFloatClose("parameters after 2 steps", reference.params(), fast.params(), 1e-4);
        assertHelpersRan(fast, true);
    }

    /**
     * Every conv layer of {@code g} has our helper and it never failed (DL4J would silently fall back to its
     * Java path, and the comparison would compare that path with itself); with {@code here}, it ran on this thread.
     */
    static void assertHelpersRan(ComputationGraph g, boolean here) {
        for (Layer l : g.getLayers()) {
            if (!(l instanceof org.deeplearning4j.nn.layers.convolution.ConvolutionLayer)) continue;
            String name = l.conf().getLayer().getLayerName();
            assertInstanceOf(DnnlConvHelper.class, l.getHelper(), name);
            try {
                java.lang.reflect.Field f = org.deeplearning4j.nn.layers.convolution.ConvolutionLayer.class.getDeclaredField("helperCountFail");
                f.setAccessible(true);
                assertEquals(0, f.getInt(l), name + ": the helper threw and DL4J fell back to its Java path");
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
            if (here) assertTrue(((DnnlConvHelper) l.getHelper()).plansOnThisThread() > 0, name + ": the helper never ran");
        }
    }


    /** max |a - b| <= tol * max(1, max |a|). */
    /** As {@link Compare#assertClose}, and the helper's result is FLOAT like the net's. */
    static void assertFloatClose(String what, INDArray a, INDArray b, double tol) {
        assertNotNull(b, what);
        assertEquals(DataType.FLOAT, b.dataType(), what);
        Compare.assertClose(what, a, b, tol);
    }
}
