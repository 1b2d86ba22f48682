package fastai.arch;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import fastai.CourseModel;
import fastai.models.ImagePreprocessor;
import fastai.onednn.OneDnn;
import fastai.display.ProgressBar;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The convolutional part of a pretrained model, rebuilt for any input size. Convolution and
 * pooling weights do not depend on the image size (only dense layers do), so the same weights
 * run on 28x28 or 56x56 images; only the feature maps grow. This is lesson 7's "cut the net
 * before its dense layers and it takes any size".
 */
public final class ConvBase {
    private final ComputationGraph graph;
    private final ImagePreprocessor preprocessing;
    private final int height, width;
    private final String last;
    private final long channels;

    private ConvBase(ComputationGraph graph, ImagePreprocessor preprocessing, int height, int width, String last, long channels) {
        this.graph = graph;
        this.preprocessing = preprocessing;
        this.height = height;
        this.width = width;
        this.last = last;
        this.channels = channels;
    }

    /** The layers of {@code model} up to and including {@code lastVertex}, at input {@code side x side}, with the model's weights. */
    public static ConvBase of(CourseModel model, String lastVertex, int side) {
        return of(model, lastVertex, side, side);
    }

    /** The same for a {@code height x width} input, square or not (the course's fisheries photos were 360x640). */
    public static ConvBase of(CourseModel model, String lastVertex, int height, int width) {
        ComputationGraph src = model.graph();
        ComputationGraphConfiguration conf = src.getConfiguration();
        if (!conf.getVertices().containsKey(lastVertex)) {
            throw new IllegalArgumentException("lastVertex '" + lastVertex + "' is not in " + model.kind() + " (vertices: " + conf.getVertices().keySet() + ")");
        }
        if (height < 1 || width < 1) throw new IllegalArgumentException("height and width must be positive, got " + height + "x" + width);
        String input = conf.getNetworkInputs().get(0);
        var b = new NeuralNetConfiguration.Builder().graphBuilder().addInputs(input);
        List<String> names = new ArrayList<>();
        for (String name : conf.getTopologicalOrderStr()) {
            if (name.equals(input)) continue;
            GraphVertex v = conf.getVertices().get(name);
            if (!(v instanceof LayerVertex lv)) throw new IllegalArgumentException(name + " is not a layer; ConvBase copies plain layer chains");
            Layer l = lv.getLayerConf().getLayer().clone();
            if (!(l instanceof ConvolutionLayer || l instanceof SubsamplingLayer)) {
                throw new IllegalArgumentException(name + " (" + l.getClass().getSimpleName() + ") comes before " + lastVertex
                        + "; only convolution and pooling layers take any input size");
            }
            b.addLayer(name, l, conf.getVertexInputs().get(name).toArray(new String[0]));
            names.add(name);
            if (name.equals(lastVertex)) break;
        }
        b.setOutputs(lastVertex).setInputTypes(InputType.convolutional(height, width, model.channels()));
        ComputationGraph g = new ComputationGraph(b.build());
        g.init();
        for (String n : names) {
            if (src.getLayer(n).numParams() > 0) g.getLayer(n).setParams(src.getLayer(n).params().dup());
        }
        OneDnn.install(g);
        return new ConvBase(g, model.preprocessing(), height, width, lastVertex, model.channels());
    }

    public ComputationGraph graph() { return graph; }
    /** The input height (the side, for a square input). */
    public int side() { return height; }
    public int height() { return height; }
    public int width() { return width; }

    /** Shape of one example's features [C, H, W]. */
    public long[] featureShape() {
        INDArray out = graph.outputSingle(false, Nd4j.zeros(1, channels, height, width));
        return new long[] {out.size(1), out.size(2), out.size(3)};
    }

    /** Features of raw images [N, C, height, width] (pixels 0..255): preprocessed like the model, run in batches with a progress bar. */
    public INDArray features(INDArray rawImages, int batchSize) {
        if (rawImages.rank() != 4 || rawImages.size(2) != height || rawImages.size(3) != width) {
            throw new IllegalArgumentException("rawImages must be [N, C, " + height + ", " + width + "], got " + Arrays.toString(rawImages.shape()));
        }
        long n = rawImages.size(0);
        ProgressBar bar = new ProgressBar("features " + height + "x" + width + " → " + last, (n + batchSize - 1) / batchSize).unit("img");
        List<INDArray> parts = new ArrayList<>();
        for (long i = 0; i < n; i += batchSize) {
            INDArray x = rawImages.get(NDArrayIndex.interval(i, Math.min(n, i + batchSize)), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
            parts.add(graph.outputSingle(false, preprocessing.applyCopy(x.castTo(DataType.FLOAT))).detach());
            bar.step(x.size(0));
        }
        bar.done();
        return parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(new INDArray[0]));
    }
}
