package fastai.onednn;

import static fastai.onednn.Compare.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
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

/**
 * {@link DnnlBatchNormHelper} gives DL4J's own batch-normalisation numbers: training and inference
 * outputs, gradients (input, gamma, beta) and the running statistics DL4J updates from the helper's
 * batch statistics, after two optimiser steps, in both of DL4J's parameterisations of the variance.
 */
class DnnlBatchNormHelperTest {
    @BeforeEach
    void needsOneDnn() {
        Assumptions.assumeTrue(Dnnl.available(), Dnnl.unavailableReason());
    }

    @Test
    void convolutionalInputWithLog10Std() {
        check(cnn(true, CNN2DFormat.NCHW), data(8, new long[] {8, 3, 9, 9}, 4));
    }

    @Test
    void convolutionalInputWithVariance() {
        check(cnn(false, CNN2DFormat.NCHW), data(8, new long[] {8, 3, 9, 9}, 4));
    }

    @Test
    void channelsLastInput() {
        check(cnn(true, CNN2DFormat.NHWC), data(8, new long[] {8, 9, 9, 3}, 4));
    }

    @Test
    void denseInput() {
        ComputationGraph g = new ComputationGraph(base().graphBuilder().addInputs("in")
                .addLayer("fc", new DenseLayer.Builder().nOut(12).activation(Activation.TANH).build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().useLogStd(true).build(), "fc")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4).activation(Activation.SOFTMAX).build(), "bn")
                .setOutputs("out").setInputTypes(InputType.feedForward(7)).build());
        g.init();
        check(g, data(16, new long[] {16, 7}, 4));
    }

    @Test
    void lockedGammaBetaIsLeftToDl4j() {
        ComputationGraph g = new ComputationGraph(base().graphBuilder().addInputs("in")
                .addLayer("bn", new BatchNormalization.Builder().lockGammaBeta(true).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build(), "bn")
                .setOutputs("out").setInputTypes(InputType.feedForward(3)).build());
        g.init();
        assertEquals(0, DnnlLayers.installOn(g.getLayers()));
        assertFalse(new DnnlBatchNormHelper().checkSupported(1e-5, true));
    }

    /** conv 3x3 (4 filters), batch norm, conv, dense output: the batch norm's input gradient matters for the first conv. */
    private static ComputationGraph cnn(boolean logStd, CNN2DFormat format) {
        ComputationGraph g = new ComputationGraph(base().graphBuilder().addInputs("in")
                .addLayer("c1", new ConvolutionLayer.Builder(3, 3).nOut(4).dataFormat(format).build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().useLogStd(logStd).decay(0.8).eps(1e-4).dataFormat(format).build(), "c1")
                .addLayer("c2", new ConvolutionLayer.Builder(3, 3).nOut(5).dataFormat(format).build(), "bn")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4).activation(Activation.SOFTMAX).build(), "c2")
                .setOutputs("out").setInputTypes(InputType.convolutional(9, 9, 3, format)).build());
        g.init();
        return g;
    }

    private static NeuralNetConfiguration.Builder base() {
        return new NeuralNetConfiguration.Builder().seed(3).updater(new Adam(1e-2)).activation(Activation.RELU);
    }

    private static DataSet data(int n, long[] shape, int classes) {
        Nd4j.getRandom().setSeed(9);
        INDArray x = Nd4j.randn(DataType.FLOAT, shape).muli(2).addi(0.5);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, classes);
        for (int i = 0; i < n; i++) y.putScalar(i, i % classes, 1f);
        return new DataSet(x, y);
    }

    private static void check(ComputationGraph plain, DataSet ds) {
        // gamma and beta away from 1 and 0, running statistics away from their start, so that every term shows
        Nd4j.getRandom().setSeed(4);
        for (String p : plain.getLayer("bn").paramTable().keySet()) {
            INDArray v = plain.getLayer("bn").getParam(p);
            if (p.equals(BatchNormalizationParamInitializer.GLOBAL_VAR)) v.assign(Nd4j.rand(DataType.FLOAT, v.shape()).addi(0.5));
            else v.assign(Nd4j.randn(DataType.FLOAT, v.shape()).muli(0.3).addi(p.equals("gamma") ? 1 : 0));
        }
        ComputationGraph fast = plain.clone();
        assertEquals(1, DnnlLayers.installOn(fast.getLayers()));
        assertInstanceOf(DnnlBatchNormHelper.class, fast.getLayer("bn").getHelper());
        assertNull(plain.getLayer("bn").getHelper(), "the reference runs DL4J's own path");
        INDArray x = ds.getFeatures();

        assertClose("inference output", plain.outputSingle(false, x), fast.outputSingle(false, x), 1e-5);
        assertClose("training output", plain.outputSingle(true, x), fast.outputSingle(true, x), 1e-5);

        Gradient gp = gradient(plain, ds), gf = gradient(fast, ds);
        for (Map.Entry<String, INDArray> e : gp.gradientForVariable().entrySet()) {
            assertClose("gradient " + e.getKey(), e.getValue(), gf.getGradientFor(e.getKey()), 1e-4);
        }
        assertTrue(gp.gradientForVariable().containsKey("bn_" + BatchNormalizationParamInitializer.GAMMA));
        for (int i = 0; i < 2; i++) {
            plain.fit(ds);
            fast.fit(ds);
        }
        DnnlLayersTest.assertNoFallback(fast);
        for (String p : plain.getLayer("bn").paramTable().keySet())   // gamma, beta and the running statistics
            assertClose("bn " + p + " after 2 steps", plain.getLayer("bn").getParam(p), fast.getLayer("bn").getParam(p), 1e-4);
        assertClose("parameters after 2 steps", plain.params(), fast.params(), 1e-4);
        assertClose("inference output after 2 steps", plain.outputSingle(false, x), fast.outputSingle(false, x), 1e-4);
        System.out.println("oneDNN batch norm: " + ((DnnlBatchNormHelper) fast.getLayer("bn").getHelper()).implementations());
    }


}
