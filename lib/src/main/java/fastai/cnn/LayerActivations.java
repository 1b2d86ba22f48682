package fastai.cnn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a trained CNN computes inside: the output of every layer for an input (DL4J's
 * {@code feedForward}, inference mode), the first convolution's filters, and for each channel of
 * a convolution the images that excite it most (Zeiler and Fergus's way of showing what a deep
 * channel responds to). Works on a {@code MultiLayerNetwork} (layers named by their configured
 * name, else {@code layer0, layer1, ...}) or a {@code ComputationGraph} (vertex names).
 */
public final class LayerActivations {
    private final NeuralNetwork net;

    private LayerActivations(NeuralNetwork net) { this.net = net; }

    public static LayerActivations of(NeuralNetwork net) {
        if (!(net instanceof MultiLayerNetwork) && !(net instanceof ComputationGraph)) {
            throw new IllegalArgumentException("expected a MultiLayerNetwork or a ComputationGraph, got " + (net == null ? "null" : net.getClass().getName()));
        }
        return new LayerActivations(net);
    }

    /** Names of the layers in order (a graph: topological order, inputs left out). */
    public List<String> layers() {
        List<String> out = new ArrayList<>();
        if (net instanceof MultiLayerNetwork m) {
            for (int i = 0; i < m.getnLayers(); i++) out.add(name(m, i));
        } else {
            ComputationGraph g = (ComputationGraph) net;
            for (String v : g.getConfiguration().getTopologicalOrderStr()) {
                if (g.getConfiguration().getVertices().get(v) instanceof LayerVertex) out.add(v);
            }
        }
        return out;
    }

    /** Names of the convolution layers, in order (frozen ones included). */
    public List<String> convolutions() {
        List<String> out = new ArrayList<>();
        for (String l : layers()) if (unwrap(config(l)) instanceof ConvolutionLayer) out.add(l);
        return out;
    }

    /** The weights of convolution {@code layer} as [filters, input channels, kernel height, kernel width] (a copy). */
    public INDArray filters(String layer) {
        if (!(unwrap(config(layer)) instanceof ConvolutionLayer)) {
            throw new IllegalArgumentException(layer + " is not a convolution layer; convolutions: " + convolutions());
        }
        INDArray w = net instanceof MultiLayerNetwork m ? m.getLayer(layers().indexOf(layer)).getParam("W")
                : ((ComputationGraph) net).getLayer(layer).getParam("W");
        return w.dup();
    }

    /** Every layer's output for {@code input} (inference mode: no dropout), by layer name, in order. */
    public Map<String, INDArray> all(INDArray input) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        if (net instanceof MultiLayerNetwork m) {
            List<INDArray> acts = m.feedForward(input, false);   // [0] is the input itself
            for (int i = 0; i < m.getnLayers(); i++) out.put(name(m, i), acts.get(i + 1));
        } else {
            Map<String, INDArray> acts = ((ComputationGraph) net).feedForward(input, false);
            for (String l : layers()) out.put(l, acts.get(l));
        }
        return out;
    }

    /** The output of {@code layer} for {@code input} (inference mode). */
    public INDArray of(String layer, INDArray input) {
        config(layer);   // a clear error for an unknown name
        return all(input).get(layer);
    }

    /**
     * How strongly each image excites each channel: the largest value of that channel's feature
     * map, [N, C, H, W] → [N, C] (a dense layer's [N, units] is returned as it is).
     */
    public static INDArray channelScores(INDArray activations) {
        if (activations.rank() == 2) return activations.dup();
        if (activations.rank() != 4) {
            throw new IllegalArgumentException("expected activations [N, C, H, W] or [N, units], got " + Arrays.toString(activations.shape()));
        }
        return activations.max(2, 3);
    }

    /** Indices of the {@code k} images with the highest score in {@code channel} of {@code scores} [N, C]; ties: lower index first. */
    public static int[] topImages(INDArray scores, int channel, int k) {
        if (scores.rank() != 2) throw new IllegalArgumentException("expected scores [N, C], got " + Arrays.toString(scores.shape()));
        if (channel < 0 || channel >= scores.size(1)) {
            throw new IllegalArgumentException("channel " + channel + " out of range: scores have " + scores.size(1) + " channels");
        }
        return top(scores.getColumn(channel).castTo(DataType.DOUBLE).toDoubleVector(), k);
    }

    /** Indices of the {@code k} largest values, largest first; ties: lower index first. */
    public static int[] top(double[] values, int k) {
        if (k < 1) throw new IllegalArgumentException("k must be >= 1, got " + k);
        Integer[] idx = new Integer[values.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> values[a] != values[b] ? Double.compare(values[b], values[a]) : Integer.compare(a, b));
        int n = Math.min(k, idx.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = idx[i];
        return out;
    }

    /**
     * Feature maps or filters as pictures for {@code Plots}: one grey image per channel,
     * [C, 1, H, W], each stretched to 0..1 on its own (a flat map stays 0). Takes one image's
     * activations [1, C, H, W] or [C, H, W], or filters [F, 1, kh, kw] (one input channel).
     */
    public static INDArray asPictures(INDArray maps) {
        INDArray m = maps;
        if (m.rank() == 4 && m.size(0) == 1) m = m.reshape(m.size(1), m.size(2), m.size(3));
        else if (m.rank() == 4 && m.size(1) == 1) m = m.reshape(m.size(0), m.size(2), m.size(3));
        if (m.rank() != 3) {
            throw new IllegalArgumentException("expected one image's maps [1, C, H, W] / [C, H, W] or one-channel filters [F, 1, h, w], got "
                    + Arrays.toString(maps.shape()));
        }
        INDArray out = m.castTo(DataType.FLOAT).dup('c');
        for (int c = 0; c < out.size(0); c++) {
            INDArray plane = out.slice(c);
            double lo = plane.minNumber().doubleValue(), hi = plane.maxNumber().doubleValue();
            if (hi > lo) plane.subi(lo).divi(hi - lo);
            else plane.assign(0);
        }
        return out.reshape(out.size(0), 1, out.size(1), out.size(2));
    }

    private Layer config(String layer) {
        if (net instanceof MultiLayerNetwork m) {
            int i = layers().indexOf(layer);
            if (i < 0) throw new IllegalArgumentException("no layer named " + layer + "; layers: " + layers());
            return m.getLayerWiseConfigurations().getConf(i).getLayer();
        }
        var v = ((ComputationGraph) net).getConfiguration().getVertices().get(layer);
        if (!(v instanceof LayerVertex lv)) throw new IllegalArgumentException("no layer named " + layer + "; layers: " + layers());
        return lv.getLayerConf().getLayer();
    }

    private static Layer unwrap(Layer l) {
        if (l instanceof FrozenLayer f) return f.getLayer();
        if (l instanceof FrozenLayerWithBackprop f) return f.getUnderlying();
        return l;
    }

    private static String name(MultiLayerNetwork m, int i) {
        String n = m.getLayerWiseConfigurations().getConf(i).getLayer().getLayerName();
        return n == null || n.isEmpty() ? "layer" + i : n;
    }
}
