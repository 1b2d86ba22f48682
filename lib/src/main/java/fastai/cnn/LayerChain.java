package fastai.cnn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import fastai.onednn.OneDnn;
import java.util.Collections;
import java.util.WeakHashMap;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;

/**
 * A straight-line {@link ComputationGraph} (input → layer → layer → … → output, as VGG16 and
 * MiniVgg are) seen as a list of layers with their weights, so that it can be cut in two,
 * have layers changed or inserted, and be built again as a graph with the weights copied.
 * DL4J's {@code TransferLearning} can remove and add vertices, but not insert one in the middle
 * or start a graph at an inner layer; here both are a list operation.
 */
public final class LayerChain {
    /** One layer: its name, configuration (unwrapped from any frozen wrapper), input preprocessor and a copy of its parameters (may be empty). */
    public record Link(String name, Layer layer, InputPreProcessor preProcessor, INDArray params) {
        /** The same link with another configuration (same parameter layout unless {@code params} is replaced too). */
        public Link withLayer(Layer l) { return new Link(name, l, preProcessor, params); }
        public Link withParams(INDArray p) { return new Link(name, layer, preProcessor, p); }
        public boolean isConvolution() { return layer instanceof ConvolutionLayer; }
    }

    private final List<Link> links;
    private final InputType inputType;

    public LayerChain(List<Link> links, InputType inputType) {
        if (links.isEmpty()) throw new IllegalArgumentException("a layer chain needs at least one layer");
        if (inputType == null) throw new IllegalArgumentException("inputType must not be null");
        this.links = List.copyOf(links);
        this.inputType = inputType;
    }

    /** Input types of the graphs that {@link #build} made (DL4J's configuration does not keep them). */
    private static final Map<ComputationGraph, InputType> BUILT = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * Reads a straight-line graph made by {@link #build} (which remembers its input type) or
     * one whose first layer tells its input (a dense layer, or a layer with a CNN-to-dense
     * preprocessor); for others use {@link #of(ComputationGraph, InputType)}.
     */
    public static LayerChain of(ComputationGraph graph) {
        if (graph == null) throw new IllegalArgumentException("graph must not be null");
        InputType t = BUILT.get(graph);
        if (t == null) t = guessInput(graph);
        if (t == null) {
            throw new IllegalArgumentException("cannot tell the input type of this graph; use LayerChain.of(graph, InputType.convolutional(h, w, c))");
        }
        return of(graph, t);
    }

    /** Records that {@code derived} takes the same input as {@code source} (for graphs DL4J's TransferLearning made from ours). */
    public static ComputationGraph sameInput(ComputationGraph derived, ComputationGraph source) {
        InputType t = BUILT.get(source);
        if (t != null) BUILT.put(derived, t);
        return derived;
    }

    private static InputType guessInput(ComputationGraph graph) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        for (String name : conf.getTopologicalOrderStr()) {
            if (conf.getVertices().get(name) instanceof LayerVertex lv) {
                if (lv.getPreProcessor() instanceof CnnToFeedForwardPreProcessor p) {
                    return InputType.convolutional(p.getInputHeight(), p.getInputWidth(), p.getNumChannels());
                }
                if (unfrozen(lv.getLayerConf().getLayer()) instanceof DenseLayer d) return InputType.feedForward(d.getNIn());
                if (unfrozen(lv.getLayerConf().getLayer()) instanceof BaseOutputLayer d) return InputType.feedForward(d.getNIn());
                return null;
            }
        }
        return null;
    }

    /** Reads a straight-line graph that takes {@code inputType}; a graph that branches or merges is refused with its first fork named. */
    public static LayerChain of(ComputationGraph graph, InputType inputType) {
        if (graph == null) throw new IllegalArgumentException("graph must not be null");
        if (inputType == null) throw new IllegalArgumentException("inputType must not be null");
        ComputationGraphConfiguration conf = graph.getConfiguration();
        if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1) {
            throw new IllegalArgumentException("graph must have one input and one output, has inputs " + conf.getNetworkInputs()
                    + " and outputs " + conf.getNetworkOutputs());
        }
        Map<String, List<String>> inputs = conf.getVertexInputs();
        List<Link> out = new ArrayList<>();
        String prev = conf.getNetworkInputs().get(0);
        for (String name : conf.getTopologicalOrderStr()) {
            if (conf.getNetworkInputs().contains(name)) continue;
            GraphVertex v = conf.getVertices().get(name);
            if (!(v instanceof LayerVertex lv)) {
                throw new IllegalArgumentException("vertex " + name + " is a " + v.getClass().getSimpleName() + ", not a layer: only straight chains of layers are supported");
            }
            List<String> in = inputs.get(name);
            if (in.size() != 1 || !in.get(0).equals(prev)) {
                throw new IllegalArgumentException("graph is not a straight chain: " + name + " takes " + in + " after " + prev);
            }
            Layer l = unfrozen(lv.getLayerConf().getLayer()).clone();
            INDArray p = graph.getLayer(name).params();
            InputPreProcessor pp = lv.getPreProcessor() == null ? null : lv.getPreProcessor().clone();
            out.add(new Link(name, l, pp, p == null ? null : p.dup()));
            prev = name;
        }
        return new LayerChain(out, inputType);
    }

    /** The layer configuration inside a frozen wrapper (or the layer itself). */
    static Layer unfrozen(Layer l) {
        if (l instanceof FrozenLayer f) return f.getLayer();
        if (l instanceof FrozenLayerWithBackprop f) return f.getUnderlying();
        return l;
    }

    public List<Link> links() { return links; }
    public int size() { return links.size(); }
    public Link get(int i) { return links.get(i); }
    public InputType inputType() { return inputType; }
    public List<String> names() { return links.stream().map(Link::name).toList(); }

    /** Index of the last convolution layer; a chain without one is refused. */
    public int lastConvolution() {
        for (int i = links.size() - 1; i >= 0; i--) if (links.get(i).isConvolution()) return i;
        throw new IllegalArgumentException("the network has no convolution layer to split at (layers: " + names() + ")");
    }

    /** What layer {@code i} outputs (layer index in this chain). */
    public InputType outputType(int i) {
        checkIndex(i, "layer index");
        InputType t = inputType;
        for (int k = 0; k <= i; k++) {
            Link l = links.get(k);
            if (l.preProcessor() != null) t = l.preProcessor().getOutputType(t);
            t = l.layer().getOutputType(k, t);
        }
        return t;
    }

    /** Layers {@code from} (inclusive) to {@code to} (exclusive), fed by what layer {@code from - 1} outputs. */
    public LayerChain slice(int from, int to) {
        if (from < 0 || to > links.size() || from >= to) {
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") is outside the chain's " + links.size() + " layers " + names());
        }
        return new LayerChain(links.subList(from, to), from == 0 ? inputType : outputType(from - 1));
    }

    /** A copy with {@code link} inserted at {@code index} (0 = first). */
    public LayerChain insert(int index, Link link) {
        if (index < 0 || index > links.size()) throw new IllegalArgumentException("insert position " + index + " is outside 0.." + links.size());
        List<Link> l = new ArrayList<>(links);
        l.add(index, link);
        return new LayerChain(l, inputType);
    }

    /** A copy with link {@code index} replaced. */
    public LayerChain replace(int index, Link link) {
        checkIndex(index, "layer index");
        List<Link> l = new ArrayList<>(links);
        l.set(index, link);
        return new LayerChain(l, inputType);
    }

    /** This chain followed by {@code tail} (whose input must be what this chain outputs). */
    public LayerChain then(LayerChain tail) {
        List<Link> l = new ArrayList<>(links);
        l.addAll(tail.links);
        return new LayerChain(l, inputType);
    }

    /**
     * A new graph of these layers, input named {@code inputName}, with every link's parameters
     * copied in (links without parameters, or newly made ones with null params, keep their
     * initial values). The first {@code frozen} layers are wrapped in DL4J's {@link FrozenLayer}.
     */
    public ComputationGraph build(String inputName, int frozen, long seed) {
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder().seed(seed).graphBuilder()
                .addInputs(inputName).setInputTypes(inputType);
        String prev = inputName;
        for (int i = 0; i < links.size(); i++) {
            Link k = links.get(i);
            Layer l = k.layer().clone();
            if (i < frozen) l = new FrozenLayer(l);
            b.addLayer(k.name(), l, k.preProcessor() == null ? null : k.preProcessor().clone(), prev);
            prev = k.name();
        }
        b.setOutputs(prev);
        ComputationGraph g = new ComputationGraph(b.build());
        g.init();
        for (Link k : links) {
            if (k.params() == null || k.params().length() == 0) continue;
            INDArray dst = g.getLayer(k.name()).params();
            if (dst == null || dst.length() != k.params().length()) {
                throw new IllegalStateException("layer " + k.name() + " has " + (dst == null ? 0 : dst.length()) + " parameters, the copy has "
                        + k.params().length());
            }
            dst.assign(k.params().reshape(dst.shape()));
        }
        OneDnn.install(g);
        BUILT.put(g, inputType);
        return g;
    }

    private void checkIndex(int i, String what) {
        if (i < 0 || i >= links.size()) {
            throw new IllegalArgumentException(what + " " + i + " does not exist: the network has layers 0.." + (links.size() - 1) + " " + names());
        }
    }

    @Override public String toString() {
        return "LayerChain " + inputType + " → " + names();
    }
}
