package fastai.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import fastai.Batches;
import fastai.CourseModel;
import fastai.cnn.LayerChain;
import fastai.display.ProgressBar;
import fastai.train.Fit;
import org.deeplearning4j.nn.conf.CNN2DFormat;

/**
 * A model cut after one of its layers (by default its last convolution) into a convolutional
 * part, which turns images into feature maps, and a dense part, which turns feature maps into
 * class probabilities. The convolutions are the slow part and, when frozen, give the same
 * features every epoch, so the course computed them once, saved them, and trained the dense
 * layers alone on the saved features. {@link #join} puts a (retrained) dense part back on top
 * of the frozen convolutions, to train on images again.
 */
public final class ConvSplit {
    /** Name of the dense part's input. */
    public static final String FEATURES = "conv_features";

    private final CourseModel model;
    private final LayerChain chain;
    private final int at;
    private final ComputationGraph conv;

    private ConvSplit(CourseModel model, int at) {
        this.model = model;
        this.chain = chainOf(model);
        if (at < 0 || at >= chain.size() - 1) {
            throw new IllegalArgumentException("layerIndex " + at + " does not exist as a split point: the dense part needs at least one layer, "
                    + "so use 0.." + (chain.size() - 2) + " of " + chain.names());
        }
        this.at = at;
        this.conv = chain.slice(0, at + 1).build(model.graph().getConfiguration().getNetworkInputs().get(0), at + 1, Fit.SEED);
    }

    /** Split after the last convolution layer, as the course did. */
    public static ConvSplit atLastConv(CourseModel model) {
        if (model == null) throw new IllegalArgumentException("model must not be null");
        return new ConvSplit(model, chainOf(model).lastConvolution());
    }

    /** Split after layer {@code layerIndex} (an index into {@link #layers()}). */
    public static ConvSplit at(CourseModel model, int layerIndex) {
        if (model == null) throw new IllegalArgumentException("model must not be null");
        return new ConvSplit(model, layerIndex);
    }

    static LayerChain chainOf(CourseModel m) {
        InputType in = m.channelsLast()
                ? InputType.convolutional(m.height(), m.width(), m.channels(), CNN2DFormat.NHWC)
                : InputType.convolutional(m.height(), m.width(), m.channels());
        return LayerChain.of(m.graph(), in);
    }

    /** Names of all the model's layers in order. */
    public List<String> layers() { return chain.names(); }
    /** Index of the last layer of the convolutional part. */
    public int index() { return at; }
    public String layerName() { return chain.get(at).name(); }
    public CourseModel model() { return model; }

    /** The convolutional part: image (preprocessed) in, feature maps out; all frozen. */
    public ComputationGraph convPart() { return conv; }

    /** The dense part as a list of layers with the model's current weights (for editing). */
    public LayerChain denseChain() { return chain.slice(at + 1, chain.size()); }

    /** A fresh, trainable copy of the dense part: feature maps in (input {@value #FEATURES}), probabilities out. */
    public ComputationGraph densePart() { return denseChain().build(FEATURES, 0, Fit.SEED); }

    /** Shape of one image's features, e.g. [32, 14, 14]. */
    public long[] featureShape() {
        InputType t = chain.outputType(at);
        if (t instanceof InputType.InputTypeConvolutional c) return new long[] {c.getChannels(), c.getHeight(), c.getWidth()};
        return Arrays.copyOfRange(t.getShape(true), 1, t.getShape(true).length);
    }

    /** Features of a batch of raw images (pixels 0..255, as batches give them). */
    public INDArray features(INDArray rawImages) {
        return conv.outputSingle(false, model.networkInput(model.prepare(rawImages))).dup();
    }

    /**
     * Features of every image in {@code batches}, one row per image in file order (so that row
     * {@code i} goes with {@code batches.labelIndices()[i]}); a progress bar shows the pass.
     * The batches must not be shuffled.
     */
    public INDArray features(Batches batches) {
        if (batches.shuffled()) {
            throw new IllegalArgumentException("batches of " + batches.path() + " are shuffled: use unshuffled batches so that feature rows "
                    + "line up with batches.labelIndices()");
        }
        batches.reset();
        List<INDArray> rows = new ArrayList<>();
        ProgressBar bar = new ProgressBar("features of " + batches.count() + " images", batches.numBatches()).quiet(model.quiet());
        while (batches.hasNext()) {
            DataSet ds = batches.next();
            INDArray x = batches.getPreProcessor() == null ? model.prepare(ds.getFeatures()) : ds.getFeatures().castTo(DataType.FLOAT);
            rows.add(conv.outputSingle(false, model.networkInput(x)).dup());
            bar.step(ds.numExamples());
        }
        bar.done();
        batches.reset();
        return rows.size() == 1 ? rows.get(0) : Nd4j.concat(0, rows.toArray(new INDArray[0]));
    }

    /**
     * The model again, with the frozen convolutional part followed by {@code dense} (a graph
     * whose input is what {@link #densePart()} takes, e.g. a retrained or edited dense part).
     * Train it with {@code fit} on image batches, augmented or not.
     */
    public CourseModel join(ComputationGraph dense) {
        if (dense == null) throw new IllegalArgumentException("dense must not be null");
        LayerChain head = LayerChain.of(dense);
        InputType expected = chain.outputType(at);
        if (!Arrays.equals(head.inputType().getShape(false), expected.getShape(false))) {
            throw new IllegalArgumentException("dense part takes " + head.inputType() + " but the convolutions output " + expected);
        }
        ComputationGraph g = chain.slice(0, at + 1).then(head).build(model.graph().getConfiguration().getNetworkInputs().get(0), at + 1, Fit.SEED);
        return new Joined(model, g);
    }

    @Override public String toString() {
        return "split of " + model.kind() + " after layer " + at + " (" + layerName() + "): conv part " + chain.names().subList(0, at + 1)
                + " → features " + Arrays.toString(featureShape()) + " → dense part " + chain.names().subList(at + 1, chain.size());
    }

    /** A model of the same kind as the one split, on a new graph. */
    static final class Joined extends CourseModel {
        private final String kind;

        Joined(CourseModel base, ComputationGraph g) {
            super(g, base.classes(), base.height(), base.width(), base.channels(), base.preprocessing());
            this.kind = base.kind();
            this.channelsLast = base.channelsLast();
            note(base.note());
            quiet(base.quiet());
        }

        @Override public String kind() { return kind; }
    }
}
