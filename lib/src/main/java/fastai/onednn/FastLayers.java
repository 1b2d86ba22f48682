package fastai.onednn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;

import fastai.onednn.layers.ConvolutionLayer;
import fastai.onednn.layers.DenseLayer;
import fastai.onednn.layers.LayerSwap;
import fastai.onednn.layers.OutputLayer;
import fastai.onednn.layers.SubsamplingLayer;

/**
 * Which of a net's DL4J layer objects get our faster runtime subclasses ({@link fastai.onednn.layers}) on the
 * {@code dnnl} path, and back. {@link OneDnn#install} calls {@link #swapIn} after giving the layers their
 * helpers: dense and output layers always, convolution layers with a ReLU fused by {@link DnnlConvHelper}, and max-pooling
 * layers with a {@link DnnlPoolingHelper}. The configuration stays DL4J's, so saved models load in plain DL4J.
 */
public final class FastLayers {
    private FastLayers() { }

    /**
     * Whether {@link OneDnn#install} swaps our subclasses in: on the {@code dnnl} path where oneDNN loads, unless
     * {@code -Dfastai.onednn.layers=false} (DL4J's own layer classes with our helpers: the path before the swap).
     */
    public static boolean wanted() {
        return OneDnn.path() == OneDnn.Path.DNNL && Dnnl.available()
                && !"false".equalsIgnoreCase(System.getProperty("fastai.onednn.layers", "true").trim());
    }

    /** Puts the faster subclasses in; returns how many layers changed class. */
    public static int swapIn(ComputationGraph graph) {
        int n = LayerSwap.swap(graph, FastLayers::faster);
        Map<String, List<String>> inputs = graph.getConfiguration().getVertexInputs();
        for (GraphVertex v : graph.getVertices()) {
            if (!(v instanceof LayerVertex lv) || !(lv.getLayer() instanceof ConvolutionLayer conv)) continue;
            List<org.deeplearning4j.nn.conf.layers.Layer> readers = new ArrayList<>();
            for (Map.Entry<String, List<String>> e : inputs.entrySet()) {
                if (!e.getValue().contains(v.getVertexName())) continue;
                GraphVertex reader = graph.getVertex(e.getKey());
                if (reader instanceof LayerVertex rl && !(rl.getLayer() instanceof BaseWrapperLayer)) {
                    readers.add(rl.getLayer().conf().getLayer());
                } else {
                    readers = null;   // a merge, an element-wise vertex, a wrapper: unknown
                    break;
                }
            }
            if (graph.getConfiguration().getNetworkOutputs().contains(v.getVertexName())) readers = null;
            conv.setReaders(readers);
        }
        return n;
    }

    /** As {@link #swapIn(ComputationGraph)} for a {@link MultiLayerNetwork}. */
    public static int swapIn(MultiLayerNetwork net) {
        int n = LayerSwap.swap(net, FastLayers::faster);
        Layer[] layers = net.getLayers();
        for (int i = 0; i + 1 < layers.length; i++) {
            if (layers[i] instanceof ConvolutionLayer conv && !(layers[i + 1] instanceof BaseWrapperLayer)) {
                conv.setReaders(List.of(layers[i + 1].conf().getLayer()));
            }
        }
        return n;
    }

    /** Puts DL4J's own classes back (helpers stay); returns how many layers changed class. */
    public static int swapOut(ComputationGraph graph) {
        return LayerSwap.swap(graph, FastLayers::dl4j);
    }

    /** As {@link #swapOut(ComputationGraph)} for a {@link MultiLayerNetwork}. */
    public static int swapOut(MultiLayerNetwork net) {
        return LayerSwap.swap(net, FastLayers::dl4j);
    }

    static Layer faster(Layer l) {
        Class<?> c = l.getClass();
        if (c == org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer.class) {
            return LayerSwap.copyState(l, new DenseLayer(l.conf(), type(l)));
        }
        if (c == org.deeplearning4j.nn.layers.OutputLayer.class) {
            return LayerSwap.copyState(l, new OutputLayer(l.conf(), type(l)));
        }
        if (c == org.deeplearning4j.nn.layers.convolution.ConvolutionLayer.class
                && l.getHelper() instanceof DnnlConvHelper h && h.fusesRelu()) {
            return LayerSwap.copyState(l, new ConvolutionLayer(l.conf(), type(l)));
        }
        if (c == org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer.class
                && l.getHelper() instanceof DnnlPoolingHelper) {
            return LayerSwap.copyState(l, new SubsamplingLayer(l.conf(), type(l)));
        }
        return null;
    }

    static Layer dl4j(Layer l) {
        if (l.getClass() == DenseLayer.class) {
            return LayerSwap.copyState(l, new org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer(l.conf(), type(l)));
        }
        if (l.getClass() == OutputLayer.class) {
            return LayerSwap.copyState(l, new org.deeplearning4j.nn.layers.OutputLayer(l.conf(), type(l)));
        }
        if (l.getClass() == ConvolutionLayer.class) {
            return LayerSwap.copyState(l, new org.deeplearning4j.nn.layers.convolution.ConvolutionLayer(l.conf(), type(l)));
        }
        if (l.getClass() == SubsamplingLayer.class) {
            return LayerSwap.copyState(l, new org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer(l.conf(), type(l)));
        }
        return null;
    }

    /**
     * Whether {@code l} is a layer of DL4J's class {@code dl4jClass} itself or our subclass of it (not another
     * subclass such as DL4J's 1-D convolution, which DL4J's helpers do not cover).
     */
    static boolean isPlain(Layer l, Class<?> dl4jClass) {
        Class<?> c = l.getClass();
        return c == dl4jClass || (c.getSuperclass() == dl4jClass && c.getPackage() == DenseLayer.class.getPackage());
    }

    private static DataType type(Layer l) {
        return l.params() != null && !l.params().isEmpty() ? l.params().dataType() : DataType.FLOAT;
    }
}
