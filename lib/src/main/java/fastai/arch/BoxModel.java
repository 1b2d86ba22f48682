package fastai.arch;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import org.nd4j.linalg.ops.transforms.Transforms;
import fastai.train.Evaluate;
import java.util.Arrays;

/**
 * Lesson 7's two-headed model: one shared dense layer on the conv features feeds two outputs,
 * the class (softmax, cross-entropy) and the bounding box (4 numbers, no activation, mean squared
 * error). A ComputationGraph's score is the SUM of its output layers' scores, and has no
 * per-output weight setting like Keras' {@code loss_weights}; so the box loss is scaled inside
 * its loss function: DL4J's {@link LossMSE} takes a weight per output column, and giving each
 * of the 4 columns the weight 0.001 makes the total loss cross-entropy + 0.001 × MSE, the
 * course's weighting (box errors are in pixels, so unscaled they would swamp the class loss).
 */
public final class BoxModel {
    /** The course's weight on the box loss. */
    public static final double BOX_WEIGHT = 0.001;
    public static final String CLASS_OUT = "class", BOX_OUT = "bbox";

    private final ComputationGraph graph;
    private final double boxWeight;

    private BoxModel(ComputationGraph graph, double boxWeight) {
        this.graph = graph;
        this.boxWeight = boxWeight;
    }

    /** Flatten → dense ReLU of {@code dense} units (shared) → class softmax and 4-number box. {@code boxWeight} 0 trains the class alone. */
    public static BoxModel build(HeadOptions o, int dense, double boxWeight) {
        if (!(boxWeight >= 0)) throw new IllegalArgumentException("boxWeight must be >= 0, got " + boxWeight);
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder().seed(o.seed()).updater(new Adam(o.learningRate()))
                .weightInit(WeightInit.RELU).activation(Activation.RELU).graphBuilder().addInputs(Heads.INPUT);
        b.addLayer("shared", new DenseLayer.Builder().nOut(dense).build(), Heads.INPUT);
        b.addLayer(CLASS_OUT, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(o.classes()).activation(Activation.SOFTMAX)
                .weightInit(WeightInit.XAVIER).build(), "shared");
        INDArray weights = Nd4j.valueArrayOf(new long[] {1, 4}, boxWeight, DataType.FLOAT);
        b.addLayer(BOX_OUT, new OutputLayer.Builder(new LossMSE(weights)).nOut(4).activation(Activation.IDENTITY)
                .weightInit(WeightInit.XAVIER).build(), "shared");
        b.setOutputs(CLASS_OUT, BOX_OUT).setInputTypes(InputType.convolutional(o.height(), o.width(), o.channels()));
        ComputationGraph g = new ComputationGraph(b.build());
        g.init();
        return new BoxModel(g, boxWeight);
    }

    public ComputationGraph graph() { return graph; }
    public double boxWeight() { return boxWeight; }

    public ArrayTraining.Summary fit(INDArray features, INDArray labels, INDArray boxes, int epochs, int batchSize, long seed) {
        checkBoxes(boxes);
        return ArrayTraining.fit(graph, new INDArray[] {features}, new INDArray[] {labels, boxes}, epochs, batchSize, seed);
    }

    /** {class probabilities [N, K], boxes [N, 4]}. */
    public INDArray[] predict(INDArray features) {
        return ArrayTraining.outputs(graph, new INDArray[] {features}, Evaluate.BATCH);
    }

    /** The two losses computed by hand from the outputs, and DL4J's combined score, on one batch. */
    public record Scores(double classLoss, double boxLoss, double combined) { }

    public Scores scores(INDArray features, INDArray labels, INDArray boxes) {
        checkBoxes(boxes);
        INDArray[] out = graph.output(false, features);
        INDArray p = out[0].castTo(DataType.DOUBLE), y = labels.castTo(DataType.DOUBLE);
        double ce = -Transforms.log(p, false).muli(y).sumNumber().doubleValue() / p.size(0);
        INDArray d = out[1].castTo(DataType.DOUBLE).sub(boxes.castTo(DataType.DOUBLE));
        double mse = d.muli(d).meanNumber().doubleValue();   // mean over examples and the 4 numbers, as Keras' mse
        double combined = graph.score(new MultiDataSet(new INDArray[] {features}, new INDArray[] {labels, boxes}), false);
        return new Scores(ce, mse, combined);
    }

    private static void checkBoxes(INDArray boxes) {
        if (boxes == null || boxes.rank() != 2 || boxes.size(1) != 4) {
            throw new IllegalArgumentException("boxes must be [N, 4] (x, y, width, height), got " + (boxes == null ? "null" : Arrays.toString(boxes.shape())));
        }
    }
}
