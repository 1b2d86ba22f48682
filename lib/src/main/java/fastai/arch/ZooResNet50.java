package fastai.arch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.deeplearning4j.zoo.PretrainedType;
import org.deeplearning4j.zoo.model.ResNet50;

import fastai.Config;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * ResNet50 as DL4J's model zoo defines it, built and initialised locally (random weights).
 * ImageNet weights are used only if the zoo's file is already in {@code data/models/}:
 * {@code initPretrained()} would download it, which machines without internet cannot do.
 */
public final class ZooResNet50 {
    private final ComputationGraph graph;
    private final int side;
    private final String weights;

    private ZooResNet50(ComputationGraph graph, int side, String weights) {
        this.graph = graph;
        this.side = side;
        this.weights = weights;
    }

    /** Where the zoo's ImageNet weights would sit: {@code data/models/} plus the zoo URL's file name. */
    public static Path weightsFile() {
        String url = ResNet50.builder().build().pretrainedUrl(PretrainedType.IMAGENET);
        return Config.modelsDir().resolve(url.substring(url.lastIndexOf('/') + 1));
    }

    /** ResNet50 for {@code side x side} RGB input and 1000 classes; pretrained weights if {@link #weightsFile()} exists. */
    public static ZooResNet50 build(int side) {
        if (side < 32) throw new IllegalArgumentException("side must be >= 32 (ResNet50 halves the image 5 times), got " + side);
        Path f = weightsFile();
        if (Files.isRegularFile(f) && side == 224) {
            try {
                return new ZooResNet50(ModelSerializer.restoreComputationGraph(f.toFile(), false), side, "ImageNet weights from " + f);
            } catch (Exception e) {
                throw new IllegalArgumentException("cannot read ResNet50 weights " + f.toAbsolutePath() + ": " + e.getMessage(), e);
            }
        }
        ComputationGraph g = ResNet50.builder().numClasses(1000).inputShape(new int[] {3, side, side}).build().init();
        String why = Files.isRegularFile(f) ? "weights file present but only fits 224x224 input" : "no weights file at " + f;
        return new ZooResNet50(g, side, "random initial weights (" + why + ")");
    }

    public ComputationGraph graph() { return graph; }
    public String weights() { return weights; }
    public long params() { return graph.numParams(); }
    public int vertices() { return graph.getConfiguration().getVertices().size(); }
    public int layers() { return graph.getLayers().length; }

    /** How many vertices are of each kind: conv layers, and element-wise additions (the residual shortcuts). */
    public int count(Class<?> kind) {
        int n = 0;
        for (GraphVertex v : graph.getConfiguration().getVertices().values()) {
            Object o = v instanceof LayerVertex lv ? lv.getLayerConf().getLayer() : v;
            if (kind.isInstance(o)) n++;
        }
        return n;
    }

    public int convLayers() { return count(ConvolutionLayer.class); }
    public int residualAdds() { return count(ElementWiseVertex.class); }

    /** Vertex name, type, output shape and parameters of the first {@code head} and last {@code tail} vertices. */
    public Table summary(int head, int tail) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        Map<String, InputType> types = conf.getLayerActivationTypes(InputType.convolutional(side, side, 3));
        List<String> order = conf.getTopologicalOrderStr();
        StringColumn name = StringColumn.create("vertex"), type = StringColumn.create("type"), shape = StringColumn.create("output shape");
        IntColumn params = IntColumn.create("parameters");
        for (int i = 0; i < order.size(); i++) {
            if (i == head && order.size() > head + tail) {
                name.append("… " + (order.size() - head - tail) + " more …"); type.append(""); shape.append(""); params.appendMissing();
                i = order.size() - tail - 1;
                continue;
            }
            String n = order.get(i);
            GraphVertex v = conf.getVertices().get(n);
            name.append(n);
            type.append(v == null ? "input" : v instanceof LayerVertex lv ? lv.getLayerConf().getLayer().getClass().getSimpleName() : v.getClass().getSimpleName());
            InputType t = types.get(n);
            shape.append(t == null ? "" : t.toString().replace("InputTypeConvolutional", "").replace("InputTypeFeedForward", ""));
            var layer = graph.getLayer(n);
            params.append(layer == null ? 0 : (int) layer.numParams());
        }
        return Table.create(String.format(Locale.ROOT, "ResNet50 (DL4J zoo), %dx%d input", side, side), name, type, shape, params);
    }

    @Override public String toString() {
        return String.format(Locale.ROOT, "ResNet50 (DL4J zoo) at %dx%dx3: %d vertices, %d layers (%d convolutions), %d residual additions, %,d parameters; %s",
                side, side, vertices(), layers(), convLayers(), residualAdds(), params(), weights);
    }
}
