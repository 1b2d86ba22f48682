package fastai.cnn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import fastai.models.MiniVgg;

/** Layer outputs against a convolution done by hand; the per-channel ranking on a constructed case. */
class LayerActivationsTest {
    /** One 2x2 convolution, 1 input channel, 2 filters, ReLU, stride 1, no padding, on a 3x3 image. */
    private static MultiLayerNetwork oneConv(double[][][] w, double[] b) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.DOUBLE).list()
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(2).activation(Activation.RELU).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.MAX).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(3, 3, 1)).build());
        net.init();
        INDArray W = net.getLayer(0).getParam("W");   // [out, in, kh, kw]
        for (int f = 0; f < 2; f++) for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) W.putScalar(new long[] {f, 0, i, j}, w[f][i][j]);
        INDArray B = net.getLayer(0).getParam("b");
        for (int f = 0; f < 2; f++) B.putScalar(f, b[f]);
        return net;
    }

    @Test void convolutionActivationEqualsHandCorrelationPlusBiasThenRelu() {
        double[][][] w = {{{1, 0}, {0, -1}}, {{0.5, 0.5}, {-1, 2}}};
        double[] b = {0.25, -3};
        MultiLayerNetwork net = oneConv(w, b);
        double[][] img = {{1, 2, 3}, {4, 5, 6}, {7, 8, 10}};
        INDArray x = Nd4j.create(DataType.DOUBLE, 1, 1, 3, 3);
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) x.putScalar(new long[] {0, 0, i, j}, img[i][j]);

        LayerActivations acts = LayerActivations.of(net);
        assertEquals(List.of("layer0", "layer1", "layer2"), acts.layers());
        assertEquals(List.of("layer0"), acts.convolutions());
        INDArray a = acts.of("layer0", x);
        assertArrayEquals(new long[] {1, 2, 2, 2}, a.shape());
        for (int f = 0; f < 2; f++) {
            for (int r = 0; r < 2; r++) {
                for (int c = 0; c < 2; c++) {
                    double s = b[f];
                    for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) s += w[f][i][j] * img[r + i][c + j];
                    assertEquals(Math.max(0, s), a.getDouble(0, f, r, c), 1e-9, "filter " + f + " at " + r + "," + c);
                }
            }
        }
        // filter 0: 1*x[r][c] - x[r+1][c+1] + 0.25 is always negative here -> all zero after ReLU; filter 1 is positive
        assertEquals(0.0, a.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(0)).sumNumber().doubleValue());
        // the max-pooling layer's output is the per-channel maximum of the map
        assertEquals(LayerActivations.channelScores(a), acts.all(x).get("layer1"));
        // filters come back in DL4J's [out, in, kh, kw] layout
        INDArray filters = acts.filters("layer0");
        assertArrayEquals(new long[] {2, 1, 2, 2}, filters.shape());
        assertEquals(-1.0, filters.getDouble(1, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> acts.filters("layer2"));
        assertThrows(IllegalArgumentException.class, () -> acts.of("nope", x));
    }

    @Test void graphLayersByNameAndFrozenConvolutionsFound() {
        MiniVgg m = MiniVgg.create(List.of("a", "b", "c"), new int[] {2, 3}, 8, 3);
        m.finetune(List.of("x", "y"));   // freezes everything below the new output layer
        LayerActivations acts = LayerActivations.of(m.graph());
        assertEquals(List.of("block1_conv1", "block1_conv2", "block2_conv1", "block2_conv2"), acts.convolutions());
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 28, 28);
        Map<String, INDArray> all = acts.all(x);
        assertArrayEquals(new long[] {2, 3, 14, 14}, all.get("block2_conv2").shape());
        assertArrayEquals(new long[] {2, 2}, all.get("finetune_out").shape());
        assertEquals(m.graph().outputSingle(x), all.get("finetune_out"));
        assertArrayEquals(new long[] {2, 1, 3, 3}, acts.filters("block1_conv1").shape());
        assertEquals(m.graph().getLayer("block1_conv1").getParam("W"), acts.filters("block1_conv1"));
    }

    @Test void topImagesPerChannelOnAConstructedCase() {
        // 5 images, 2 channels, 2x2 maps; channel scores are the map maxima
        INDArray acts = Nd4j.zeros(DataType.DOUBLE, 5, 2, 2, 2);
        double[] max0 = {0.5, 3, 1, 3, 2}, max1 = {9, 0, 4, 1, 8};
        for (int n = 0; n < 5; n++) {
            acts.putScalar(new long[] {n, 0, n % 2, 1}, max0[n]);
            acts.putScalar(new long[] {n, 0, 0, 0}, max0[n] / 2);
            acts.putScalar(new long[] {n, 1, 1, n % 2}, max1[n]);
        }
        INDArray scores = LayerActivations.channelScores(acts);
        assertArrayEquals(new long[] {5, 2}, scores.shape());
        for (int n = 0; n < 5; n++) assertEquals(max0[n], scores.getDouble(n, 0));
        assertArrayEquals(new int[] {1, 3, 4}, LayerActivations.topImages(scores, 0, 3), "tie 3 = 3: lower index first");
        assertArrayEquals(new int[] {0, 4, 2, 3, 1}, LayerActivations.topImages(scores, 1, 9), "k larger than N gives all, ranked");
        assertThrows(IllegalArgumentException.class, () -> LayerActivations.topImages(scores, 2, 3));
    }

    @Test void picturesAreStretchedPerChannel() {
        INDArray maps = Nd4j.create(new double[] {1, 2, 3, 5, 7, 7, 7, 7}, new long[] {1, 2, 2, 2});
        INDArray p = LayerActivations.asPictures(maps);
        assertArrayEquals(new long[] {2, 1, 2, 2}, p.shape());
        assertEquals(0.0, p.getDouble(0, 0, 0, 0), 1e-6);
        assertEquals(0.25, p.getDouble(0, 0, 0, 1), 1e-6);
        assertEquals(1.0, p.getDouble(0, 0, 1, 1), 1e-6);
        assertEquals(0.0, p.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1)).sumNumber().doubleValue(), 1e-9, "a flat map is 0");
    }
}
