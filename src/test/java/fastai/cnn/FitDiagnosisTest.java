package fastai.cnn;

import static org.junit.jupiter.api.Assertions.*;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Accuracy with dropout on and off on a net where dropout decides the answer. */
class FitDiagnosisTest {
    /**
     * One input x = 1 through an identity layer, then a softmax over two classes with logits
     * (0, 4x): class 1 whenever x is kept. With dropout (keep 0.5) on the output layer's input, half
     * the time x is zeroed, the logits tie and argmax says class 0. So on all-class-1 data:
     * dropout off 1.0, dropout on about 0.5. Without the identity layer ({@code hidden} false) the
     * dropout sits right on the graph input, where DL4J M2.1's own training-mode output pass fails
     * with a workspace error unless workspaces are off (FitDiagnosis turns them off for it).
     */
    private static ComputationGraph net() { return net(true); }

    private static ComputationGraph net(boolean hidden) {
        if (!hidden) {
            ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE).graphBuilder()
                    .addInputs("in")
                    .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(1).nOut(2).activation(Activation.SOFTMAX)
                            .dropOut(0.5).build(), "in")
                    .setOutputs("out").build());
            g.init();
            g.getLayer("out").setParam("W", Nd4j.create(new double[][] {{0, 4}}));
            g.getLayer("out").setParam("b", Nd4j.zeros(DataType.DOUBLE, 1, 2));
            return g;
        }
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE).graphBuilder()
                .addInputs("in")
                .addLayer("h", new DenseLayer.Builder().nIn(1).nOut(1).activation(Activation.IDENTITY).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(1).nOut(2).activation(Activation.SOFTMAX)
                        .dropOut(0.5).build(), "h")
                .setOutputs("out").build());
        g.init();
        g.getLayer("h").setParam("W", Nd4j.create(new double[][] {{1}}));
        g.getLayer("h").setParam("b", Nd4j.zeros(DataType.DOUBLE, 1, 1));
        g.getLayer("out").setParam("W", Nd4j.create(new double[][] {{0, 4}}));
        g.getLayer("out").setParam("b", Nd4j.zeros(DataType.DOUBLE, 1, 2));
        return g;
    }

    @Test void dropoutOnHalvesTrainingAccuracyHereDropoutOffDoesNot() {
        for (boolean hidden : new boolean[] {true, false}) check(net(hidden));
    }

    private static void check(ComputationGraph g) {
        INDArray x = Nd4j.ones(DataType.DOUBLE, 400, 1);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 400, 2);
        y.getColumn(1).assign(1);
        // validation: half the rows are class 0 with input -1 (logit -4: class 0), so 1.0 there too
        INDArray vx = Nd4j.ones(DataType.DOUBLE, 100, 1), vy = Nd4j.zeros(DataType.DOUBLE, 100, 2);
        for (int i = 0; i < 50; i++) { vx.putScalar(i, 0, -1); vy.putScalar(i, 0, 1); }
        for (int i = 50; i < 100; i++) vy.putScalar(i, 1, 1);
        FitDiagnosis d = FitDiagnosis.measure(g, x, y, vx, vy, 5, 42);
        assertEquals(1.0, d.trainDropoutOff(), 1e-12);
        assertEquals(1.0, d.valid(), 1e-12);
        // 2000 Bernoulli(0.5) draws: standard error 0.011; 5 SE either side
        assertEquals(0.5, d.trainDropoutOn(), 0.056);
        assertEquals("neither (both perfect)", d.verdict());
        assertEquals(400, d.trainRows());
        assertTrue(d.toString().contains("dropout on"));
    }

    @Test void verdictReadsTheGapAgainstTheNoise() {
        // 100 validation images at 0.80: SE 0.04, noise 0.08
        assertEquals("over-fitting", new FitDiagnosis(0.85, 0.95, 0.80, 1000, 100).verdict());
        assertEquals("under-fitting", new FitDiagnosis(0.60, 0.70, 0.80, 1000, 100).verdict());
        assertEquals("neither, within noise", new FitDiagnosis(0.70, 0.85, 0.80, 1000, 100).verdict());
        assertEquals(0.15, new FitDiagnosis(0.70, 0.95, 0.80, 1000, 100).gap(), 1e-12);
    }

    @Test void mismatchedRowsAreAClearError() {
        assertThrows(IllegalArgumentException.class, () -> FitDiagnosis.measure(net(), Nd4j.ones(3, 1), Nd4j.ones(2, 2),
                Nd4j.ones(2, 1), Nd4j.ones(2, 2), 1, 1));
    }
}
