package fastai.models;

import static org.bytedeco.hdf5.global.hdf5.H5F_ACC_TRUNC;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;

import org.bytedeco.hdf5.DataSet;
import org.bytedeco.hdf5.DataSpace;
import org.bytedeco.hdf5.Group;
import org.bytedeco.hdf5.H5File;
import org.bytedeco.hdf5.PredType;
import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A Keras weights-only file written here in Keras' layout (channels-last kernels and flatten
 * order) loads into a channels-first DL4J net and computes the same function as a
 * channels-last DL4J net holding the Keras arrays as they are.
 */
class KerasWeightsTest {
    @TempDir Path tmp;
    static final List<String> NAMES = List.of("block1_conv1", "block1_conv2", "fc1", "fc2", "predictions");

    static ComputationGraph net(CNN2DFormat fmt, long seed) {
        var b = new NeuralNetConfiguration.Builder().seed(seed).activation(Activation.RELU).graphBuilder().addInputs("in")
                .addLayer("block1_conv1", new ConvolutionLayer.Builder(3, 3).padding(1, 1).nOut(3).dataFormat(fmt).build(), "in")
                .addLayer("block1_conv2", new ConvolutionLayer.Builder(3, 3).padding(1, 1).nOut(5).dataFormat(fmt).build(), "block1_conv1")
                .addLayer("pool", new SubsamplingLayer.Builder(2, 2).stride(2, 2).dataFormat(fmt).build(), "block1_conv2")
                .addLayer("fc1", new DenseLayer.Builder().nOut(7).build(), "pool")
                .addLayer("fc2", new DenseLayer.Builder().nOut(6).build(), "fc1")
                .addLayer("predictions", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4).activation(Activation.SOFTMAX).build(), "fc2")
                .setOutputs("predictions").setInputTypes(InputType.convolutional(6, 6, 2, fmt));
        ComputationGraph g = new ComputationGraph(b.build());
        g.init();
        return g;
    }

    /** Writes {@code kernels}/{@code biases} as Keras 2 does: group name/name, datasets kernel:0 and bias:0. */
    static void writeKeras(Path file, List<String> names, List<INDArray> kernels, List<INDArray> biases) {
        H5File f = new H5File(file.toString(), H5F_ACC_TRUNC());
        try {
            for (int i = 0; i < names.size(); i++) {
                Group outer = f.createGroup(names.get(i));
                Group inner = outer.createGroup(names.get(i));
                write(inner, "kernel:0", kernels.get(i));
                write(inner, "bias:0", biases.get(i));
                inner.close();
                outer.close();
            }
        } finally {
            f.close();
        }
    }

    static void write(Group g, String name, INDArray a) {
        INDArray c = a.castTo(DataType.FLOAT).dup('c');
        DataSpace space = new DataSpace(c.rank(), c.shape());
        DataSet ds = g.createDataSet(name, PredType.NATIVE_FLOAT(), space);
        ds.write(new FloatPointer(c.data().asFloat()), PredType.NATIVE_FLOAT());
        ds.close();
        space.close();
    }

    @Test
    void kerasLayoutLoadsIntoAChannelsFirstNet() throws Exception {
        ComputationGraph nchw = net(CNN2DFormat.NCHW, 1);
        // the Keras arrays, from nchw's weights
        List<INDArray> kernels = new java.util.ArrayList<>(), biases = new java.util.ArrayList<>();
        for (String n : NAMES) {
            Layer l = nchw.getLayer(n);
            INDArray w = l.getParam("W");
            INDArray k;
            if (w.rank() == 4) k = w.permute(2, 3, 1, 0);                      // [out,in,kh,kw] → [kh,kw,in,out]
            else if (n.equals("fc1")) k = w.reshape('c', 5, 9, 7).permute(1, 0, 2).dup('c').reshape('c', 45, 7); // rows c*9+s → s*5+c
            else k = w;
            kernels.add(k.dup('c'));
            biases.add(l.getParam("b").reshape(-1).dup());
        }
        // independent check of that layout: a channels-last DL4J net holding the Keras arrays as they are
        ComputationGraph nhwc = net(CNN2DFormat.NHWC, 3);
        for (int i = 0; i < NAMES.size(); i++) {
            Layer l = nhwc.getLayer(NAMES.get(i));
            INDArray k = kernels.get(i);
            l.getParam("W").assign(k.rank() == 4 ? k.permute(3, 2, 0, 1) : k);
            l.getParam("b").assign(biases.get(i).reshape(l.getParam("b").shape()));
        }
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 2, 6, 6);
        INDArray want = nchw.outputSingle(false, x);
        assertEquals(0.0, nhwc.outputSingle(false, x.permute(0, 2, 3, 1).dup('c')).sub(want).amaxNumber().doubleValue(), 1e-5);

        Path h5 = tmp.resolve("weights.h5");
        writeKeras(h5, NAMES, kernels, biases);
        assertTrue(KerasWeights.isWeightsOnly(h5));
        ComputationGraph loaded = net(CNN2DFormat.NCHW, 2);
        assertNotEquals(want, loaded.outputSingle(false, x));
        KerasWeights.copyInto(loaded, h5, NAMES);
        assertEquals(0.0, loaded.outputSingle(false, x).sub(want).amaxNumber().doubleValue(), 1e-5);
    }

    @Test
    void wrongShapesAndWrongFilesAreOneLineErrors() throws Exception {
        ComputationGraph g = net(CNN2DFormat.NCHW, 1);
        Path h5 = tmp.resolve("small.h5");
        List<INDArray> k = new java.util.ArrayList<>(), b = new java.util.ArrayList<>();
        for (String n : NAMES) { k.add(Nd4j.zeros(DataType.FLOAT, 3, 3, 2, 9)); b.add(Nd4j.zeros(DataType.FLOAT, 9)); }
        writeKeras(h5, NAMES, k, b);
        var e = assertThrows(IllegalArgumentException.class, () -> KerasWeights.copyInto(g, h5, NAMES));
        assertEquals(h5 + " does not fit the network: Keras layer block1_conv1 has weights of shape [3, 3, 2, 9], the network needs [3, 2, 3, 3]",
                e.getMessage());
    }

    /** The same kind of small file offered as VGG16 weights (builds the 138M-parameter net first). */
    @Test
    @org.junit.jupiter.api.Tag("slow")
    void smallKerasFileIsNotVgg16() throws Exception {
        Path v = tmp.resolve("vgg16_weights.h5");
        List<INDArray> k = new java.util.ArrayList<>(), b = new java.util.ArrayList<>();
        for (String n : NAMES) { k.add(Nd4j.zeros(DataType.FLOAT, 3, 3, 2, 9)); b.add(Nd4j.zeros(DataType.FLOAT, 9)); }
        writeKeras(v, NAMES, k, b);
        var e2 = assertThrows(IllegalArgumentException.class, () -> Vgg16.load(v));
        assertTrue(e2.getMessage().startsWith(v + " has no weights for Keras layer block2_conv1")
                || e2.getMessage().startsWith(v + " does not fit the network"), e2.getMessage());
        assertFalse(e2.getMessage().contains("\n"));
    }
}
