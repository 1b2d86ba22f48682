package fastai.onednn;

import static fastai.onednn.Compare.assertClose;
import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import fastai.bench.Nets;

/**
 * {@link FastLayers} puts our runtime subclasses ({@link fastai.onednn.layers}) into built nets: dense and
 * output layers on oneDNN's matmul, convolutions with ReLU's backward on oneDNN, pooling that keeps its
 * forward's argmax. Each is held to DL4J's own classes on the same net: outputs, gradients, two Adam steps.
 */
class FastLayersTest {
    @BeforeEach
    void needsOneDnn() {
        Assumptions.assumeTrue(Dnnl.available(), "oneDNN's presets did not load: " + Dnnl.unavailableReason());
    }

    /** tanh, ReLU without bias, softmax output: the three kinds of product, and an activation that is not fused. */
    private static MultiLayerNetwork denseNet(long seed, double dropout) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(1e-2))
                .weightInit(WeightInit.XAVIER).dataType(DataType.FLOAT).list()
                .layer(new DenseLayer.Builder().name("d1").nIn(20).nOut(16).activation(Activation.TANH).dropOut(dropout).build())
                .layer(new DenseLayer.Builder().name("d2").nOut(12).activation(Activation.RELU).hasBias(false).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out").nOut(5)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(org.deeplearning4j.nn.conf.inputs.InputType.feedForward(20)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static DataSet batch(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 20).subi(0.5);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 5);
        for (int i = 0; i < n; i++) y.putScalar(i, (i * 3) % 5, 1f);
        return new DataSet(x, y);
    }

    private static INDArray gradient(MultiLayerNetwork net, DataSet ds) {
        net.setInput(ds.getFeatures());
        net.setLabels(ds.getLabels());
        Nd4j.getRandom().setSeed(11);   // the same dropout masks on both nets
        net.computeGradientAndScore();
        return net.getGradientsViewArray().dup();
    }

    @Test
    void denseAndOutputLayersTrainAsDl4jsOwn() {
        MultiLayerNetwork reference = denseNet(3, 0.0), fast = reference.clone();
        fast.initGradientsView();
        assertEquals(3, FastLayers.swapIn(fast));
        assertSame(fastai.onednn.layers.DenseLayer.class, fast.getLayer(0).getClass());
        assertSame(fastai.onednn.layers.OutputLayer.class, fast.getLayer(2).getClass());
        assertSame(fast.getLayer(1), fast.getLayer("d2"), "the net's by-name lookup finds the new object");
        assertEquals(0, FastLayers.swapIn(fast), "a second swap changes nothing");

        for (int n : new int[] {8, 3, 8}) {   // the last, smaller batch of an epoch, then the full size again
            DataSet ds = batch(n, n);
            assertClose("output, batch " + n, reference.output(ds.getFeatures()), fast.output(ds.getFeatures()), 1e-5);
            assertClose("gradient, batch " + n, gradient(reference, ds), gradient(fast, ds), 1e-5);
            assertEquals(reference.score(), fast.score(), 1e-5, "loss, batch " + n);
        }
        DataSet ds = batch(8, 1);
        INDArray fOrder = ds.getFeatures().dup('f');
        assertClose("output for an 'f'-order input", reference.output(ds.getFeatures()), fast.output(fOrder), 1e-5);
        for (int i = 0; i < 2; i++) {
            reference.fit(ds);
            fast.fit(ds);
        }
        assertClose("parameters after 2 Adam steps", reference.params(), fast.params(), 1e-5);
    }

    @Test
    void dropoutDrawsTheSameMasksAsDl4j() {
        MultiLayerNetwork reference = denseNet(4, 0.8), fast = reference.clone();
        fast.initGradientsView();
        FastLayers.swapIn(fast);
        DataSet ds = batch(8, 2);
        assertClose("gradient with dropout", gradient(reference, ds), gradient(fast, ds), 1e-5);
    }

    @Test
    void swapOutGivesBackDl4jsClassesOnTheSameParameters() {
        MultiLayerNetwork net = denseNet(5, 0.0);
        net.initGradientsView();
        String summary = net.summary();
        INDArray params = net.getLayer(0).params();
        FastLayers.swapIn(net);
        assertSame(params, net.getLayer(0).params(), "the new layer object trains the same parameter view");
        assertEquals(summary, net.summary(), "summary() shows the same layer names and classes");
        net.fit(batch(8, 3));
        assertEquals(3, FastLayers.swapOut(net));
        assertSame(org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer.class, net.getLayer(0).getClass());
        assertSame(org.deeplearning4j.nn.layers.OutputLayer.class, net.getLayer(2).getClass());
        INDArray before = net.params().dup();
        net.fit(batch(8, 3));
        assertNotEquals(0.0, net.params().sub(before).amaxNumber().doubleValue(), "DL4J's own classes train on");
    }

    @Test
    void frozenLayersAreSwappedInsideTheirWrapper() {
        MultiLayerNetwork base = denseNet(6, 0.0);
        MultiLayerNetwork reference = new TransferLearning.Builder(base).setFeatureExtractor(0).build();
        MultiLayerNetwork fast = reference.clone();
        fast.initGradientsView();
        assertEquals(3, FastLayers.swapIn(fast));
        assertInstanceOf(FrozenLayer.class, fast.getLayer(0), "the wrapper stays");
        Layer inner = fast.getLayer(0);
        while (inner instanceof org.deeplearning4j.nn.layers.wrapper.BaseWrapperLayer w) inner = w.getUnderlying();
        assertSame(fastai.onednn.layers.DenseLayer.class, inner.getClass());
        DataSet ds = batch(8, 4);
        INDArray frozen = fast.getLayer(0).params().dup();
        for (int i = 0; i < 2; i++) {
            reference.fit(ds);
            fast.fit(ds);
        }
        assertClose("parameters after 2 steps", reference.params(), fast.params(), 1e-5);
        assertEquals(frozen, fast.getLayer(0).params(), "the frozen layer did not train");
    }

    @Test
    void aSavedSwappedNetIsAPlainDl4jModel(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = denseNet(7, 0.0);
        net.initGradientsView();
        FastLayers.swapIn(net);
        net.fit(batch(8, 5));
        File f = dir.resolve("dense.zip").toFile();
        ModelSerializer.writeModel(net, f, true);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(f, true);
        assertFalse(back.getLayerWiseConfigurations().toJson().contains("fastai"), "no class of ours in the saved configuration");
        assertSame(org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer.class, back.getLayer(0).getClass());
        INDArray x = batch(4, 6).getFeatures();
        assertClose("restored output", net.output(x), back.output(x), 1e-6);
        assertTrue(Files.size(f.toPath()) > 0);
    }

    @Test
    void reluBackwardKeepsEpsilonWhereTheOutputIsPositive() {
        DnnlConvHelper h = new DnnlConvHelper(true, new org.nd4j.linalg.activations.impl.ActivationReLU());
        // relu(z) from the fused forward, or z itself: the result depends only on the sign
        INDArray out = Nd4j.createFromArray(new float[] {0f, 2f, 0f, 3f, -1f, 0.5f, -3f, 1e-7f}).reshape(1, 2, 2, 2);
        INDArray eps = Nd4j.createFromArray(new float[] {1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f}).reshape(1, 2, 2, 2);
        INDArray delta = h.reluBackward(out, eps, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
        assertEquals(Nd4j.createFromArray(new float[] {0f, 2f, 0f, 4f, 0f, 6f, 0f, 8f}).reshape(1, 2, 2, 2), delta);
        assertEquals(Nd4j.createFromArray(new float[] {1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f}).reshape(1, 2, 2, 2), eps, "epsilon untouched");
        assertThrows(IllegalArgumentException.class, () -> h.reluBackward(out, eps.reshape(2, 2, 2, 1),
                org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces()));
    }

    /** Two ReLU convolutions and a softmax; {@code dropOnSecond}: dropout on the second convolution's input. */
    private static ComputationGraph twoConvs(double dropOnSecond) {
        var b = new NeuralNetConfiguration.Builder().seed(12).updater(new Adam(1e-2)).weightInit(WeightInit.RELU)
                .dataType(DataType.FLOAT).graphBuilder().addInputs("input");
        b.addLayer("c1", new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build(), "input");
        b.addLayer("c2", new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU)
                .dropOut(dropOnSecond).build(), "c1");
        b.addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build(), "c2");
        b.setOutputs("out").setInputTypes(org.deeplearning4j.nn.conf.inputs.InputType.convolutional(12, 12, 1));
        ComputationGraph g = new ComputationGraph(b.build());
        g.init();
        return g;
    }

    @Test
    void aConvolutionSharesItsOutputAsThePreActivationOnlyWhenNoReaderChangesIt() {
        Assumptions.assumeTrue(OneDnn.wanted() && OneDnn.path() == OneDnn.Path.DNNL, "only on the dnnl path");
        DataSet ds = Nets.randomBatch(6, 1, 12, 3, 13);
        for (double retain : new double[] {0.0, 0.5}) {
            ComputationGraph reference = twoConvs(retain), fast = reference.clone();
            OneDnn.install(fast);
            var c1 = (fastai.onednn.layers.ConvolutionLayer) fast.getLayer("c1");
            var c2 = (fastai.onednn.layers.ConvolutionLayer) fast.getLayer("c2");
            assertEquals(retain == 0.0, c1.outputStaysAsItIs(), "c1 is read by c2, which applies dropout in place: " + (retain != 0.0));
            assertTrue(c2.outputStaysAsItIs(), "c2 is read (through a reshaping preprocessor) by the output layer, without dropout");
            for (int i = 0; i < 2; i++) {   // the same dropout masks on both nets
                Nd4j.getRandom().setSeed(30 + i);
                reference.fit(ds);
                Nd4j.getRandom().setSeed(30 + i);
                fast.fit(ds);
            }
            assertClose("parameters after 2 steps, dropout " + retain, reference.params(), fast.params(), 1e-4);
        }
    }

    @Test
    void theSwitchLeavesDl4jsClassesWithOurHelpers() {
        Assumptions.assumeTrue(OneDnn.wanted() && OneDnn.path() == OneDnn.Path.DNNL, "only on the dnnl path");
        String before = System.getProperty("fastai.onednn.layers");
        try {
            System.setProperty("fastai.onednn.layers", "false");
            ComputationGraph g = Nets.mnistCnn(9);
            assertEquals(4, OneDnn.install(g), "the conv helpers are still installed");
            for (Layer l : g.getLayers()) assertTrue(l.getClass().getName().startsWith("org.deeplearning4j."), l.getClass().getName());
            System.setProperty("fastai.onednn.layers", "true");
            OneDnn.install(g);
            assertSame(fastai.onednn.layers.DenseLayer.class, g.getLayer("fc").getClass());
        } finally {
            if (before == null) System.clearProperty("fastai.onednn.layers");
            else System.setProperty("fastai.onednn.layers", before);
        }
    }

    @Test
    void poolingBackwardUsesItsOwnForwardsArgmax() {
        Assumptions.assumeTrue(OneDnn.wanted() && OneDnn.path() == OneDnn.Path.DNNL, "only on the dnnl path");
        ComputationGraph g = Nets.mnistCnn(8);
        OneDnn.install(g);
        DataSet ds = Nets.randomBatch(8, 1, 28, 10, 9);
        g.fit(ds);
        g.fit(ds);
        int pools = 0;
        for (Layer l : g.getLayers()) {
            if (l.getHelper() instanceof DnnlPoolingHelper h) {
                pools++;
                assertSame(fastai.onednn.layers.SubsamplingLayer.class, l.getClass());
                assertArrayEquals(new int[] {2, 0}, h.backwardCounts(),
                        l.conf().getLayer().getLayerName() + ": {backwards with their forward's argmax, pooling again}");
            }
        }
        assertEquals(2, pools);
    }
}
