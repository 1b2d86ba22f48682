package fastai.models;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Dropout naming, and removal keeping the outputs equal in expectation (DL4J's dropout is inverted). */
class DropoutTest {

    @Test
    void dropAndKeepNameTheTwoConventions() {
        Dropout d = Dropout.drop(0.6);
        assertEquals(0.6, d.dropProbability(), 1e-12);
        assertEquals(0.4, d.keepProbability(), 1e-12);
        assertEquals(Dropout.keep(0.4), d);
        var dl4j = (org.deeplearning4j.nn.conf.dropout.Dropout) d.dl4j();
        assertEquals(0.4, dl4j.getP(), 1e-12, "DL4J's p is the probability to keep");
        assertNull(Dropout.none().dl4j());
        var e = assertThrows(IllegalArgumentException.class, () -> Dropout.drop(-0.1));
        assertTrue(e.getMessage().contains("drop probability p"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dropout.drop(1.0));
        assertThrows(IllegalArgumentException.class, () -> Dropout.keep(0));
        assertThrows(IllegalArgumentException.class, () -> Dropout.keep(1.5));
        assertEquals(0.5, Dropout.courseFactor(Dropout.drop(0.5), Dropout.none()), 1e-12);
        assertEquals(0.5 / 0.4, Dropout.courseFactor(Dropout.drop(0.5), Dropout.drop(0.6)), 1e-12);
    }

    /** A linear dense net (identity activations) with dropout on the inputs of its last two layers. */
    static ComputationGraph linearWithDropout() {
        var conf = new NeuralNetConfiguration.Builder().seed(3).graphBuilder().addInputs("in")
                .setInputTypes(InputType.feedForward(6))
                .addLayer("d1", new DenseLayer.Builder().nOut(8).activation(Activation.IDENTITY).build(), "in")
                .addLayer("d2", new DenseLayer.Builder().nOut(8).activation(Activation.IDENTITY).dropOut(Dropout.drop(0.5).dl4j()).build(), "d1")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(3).activation(Activation.IDENTITY)
                        .dropOut(Dropout.drop(0.3).dl4j()).build(), "d2")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    @Test
    void removalKeepsTheOutputsEqualInExpectation() {
        ComputationGraph g = linearWithDropout();
        assertEquals(List.of("d2", "out"), List.copyOf(Dropout.inputsOf(g).keySet()));
        assertEquals(Dropout.drop(0.3), Dropout.inputsOf(g).get("out"));
        ComputationGraph removed = Dropout.remove(g);
        assertTrue(Dropout.inputsOf(removed).isEmpty());

        INDArray x = Nd4j.create(new double[] {0.5, -1, 2, 0.25, 1.5, -0.75}, 1, 6).castTo(DataType.FLOAT);
        INDArray noDrop = removed.outputSingle(false, x);
        assertEquals(g.outputSingle(false, x), noDrop, "inference never drops: identical outputs");

        // training mode drops at random; average many independent masks (one per row)
        int n = 40_000;
        INDArray many = x.repeat(0, n);
        Nd4j.getRandom().setSeed(11);
        INDArray sampled = g.feedForward(many, true).get("out");
        INDArray mean = sampled.mean(0).reshape(1, 3);
        INDArray sd = sampled.std(0).reshape(1, 3);
        for (int j = 0; j < 3; j++) {
            double se = sd.getDouble(0, j) / Math.sqrt(n);
            assertEquals(noDrop.getDouble(0, j), mean.getDouble(0, j), 5 * se + 1e-4,
                    "output " + j + ": mean over dropout masks must equal the dropout-free output");
            assertTrue(sd.getDouble(0, j) > 0, "training mode really drops");
        }
        // and the removed net is deterministic in training mode too
        assertEquals(removed.outputSingle(false, x), removed.feedForward(x, true).get("out"));
    }

    @Test
    void theCoursesHalvingWouldShrinkAnInvertedDropoutNet() {
        ComputationGraph g = Dropout.remove(linearWithDropout());
        ComputationGraph halved = Dropout.courseRescale(g, Dropout.drop(0.5), Dropout.none());
        INDArray x = Nd4j.create(new double[] {0.5, -1, 2, 0.25, 1.5, -0.75}, 1, 6).castTo(DataType.FLOAT);
        // weights and biases of all three dense layers halved; the biases of this untrained net are zero, so each layer's
        // output halves and the linear net's output is exactly 1/8
        assertTrue(g.outputSingle(false, x).div(8).equalsWithEps(halved.outputSingle(false, x), 1e-5));
    }

    @Test
    void realDensePartKeepsItsPredictionsWhenDropoutIsRemoved() {
        MiniVgg m = ConvSplitTest.tiny();
        ConvSplit s = ConvSplit.atLastConv(m);
        INDArray f = s.features(ConvSplitTest.images(4, 9));
        var dense = s.densePart();
        assertEquals(2, Dropout.inputsOf(dense).size(), "MiniVgg has dropout before fc2 and before the output");
        assertEquals(dense.outputSingle(false, f), Dropout.remove(dense).outputSingle(false, f));
    }
}
