package fastai.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class FitTest {

    /** y = 3x + 8 on 30 points in [0, 1): one linear unit with MSE learns it; accuracy is NaN for regression. */
    @Test
    void aLinearUnitLearnsALineAndTheLossFalls() {
        Random r = new Random(1);
        INDArray x = Nd4j.create(DataType.FLOAT, 30, 1), y = Nd4j.create(DataType.FLOAT, 30, 1);
        for (int i = 0; i < 30; i++) { double v = r.nextDouble(); x.putScalar(i, 0, v); y.putScalar(i, 0, 3 * v + 8); }
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).updater(new Sgd(0.3)).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(1).nOut(1).activation(Activation.IDENTITY).build())
                .build());
        net.init();
        History h = Fit.of(net).epochs(200).batchSize(10).quiet(true).validation(Data.arrays(x, y)).run(Data.arrays(x, y));
        assertEquals(200, h.size());
        assertTrue(h.epochs().get(0).loss() > 10, "start far from the line: " + h.epochs().get(0));
        assertTrue(h.last().valLoss() < 1e-4, "MSE after 200 epochs: " + h.last());
        assertTrue(Double.isNaN(h.last().valAcc()) && Double.isNaN(h.last().acc()));
        // the learned weight and bias are the line's
        assertEquals(3, net.getParam("0_W").getDouble(0), 0.02);
        assertEquals(8, net.getParam("0_b").getDouble(0), 0.02);
    }

    /** With a learning rate of 0 nothing changes, so the loss and accuracy counted during training equal an evaluation's. */
    @Test
    void trainingLossAndAccuracyAreThoseOfTheForwardPass() {
        checkTrainingFigures(classifier(new Sgd(0.0)));
        // a net that is only its output layer (lesson 2's linear model): the output layer's input is the net's input
        MultiLayerNetwork linear = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(4).updater(new Sgd(0.0)).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(2).nOut(2).activation(Activation.SOFTMAX).build())
                .build());
        linear.init();
        checkTrainingFigures(linear);
    }

    private static void checkTrainingFigures(MultiLayerNetwork net) {
        INDArray[] blobs = blobs(200, 7);
        INDArray before = net.params().dup();
        History h = Fit.of(net).epochs(1).batchSize(32).quiet(true).run(Data.arrays(blobs[0], blobs[1]));
        assertEquals(before, net.params());
        EvalResult e = Evaluate.of(net, Data.arrays(blobs[0], blobs[1]));
        assertEquals(e.accuracy(), h.last().acc(), 1e-9);
        assertEquals(e.loss(), h.last().loss(), 1e-4);
        assertFalse(Double.isNaN(h.last().acc()), "training accuracy is counted");
    }

    @Test
    void aClassifierLearnsTwoBlobsAndValidates() {
        INDArray[] trn = blobs(400, 1), val = blobs(200, 2);
        MultiLayerNetwork net = classifier(new Adam(0.05));
        History h = Fit.of(net).epochs(5).batchSize(32).quiet(true).validation(Data.arrays(val[0], val[1])).run(Data.arrays(trn[0], trn[1]));
        assertTrue(h.last().valAcc() > 0.97, h.toString());
        assertTrue(h.last().acc() > 0.95, h.toString());
        assertTrue(h.last().valLoss() < 0.2 && h.last().loss() < h.epochs().get(0).loss(), h.toString());
        // a second fit appends to the same history, numbering on
        Fit.of(net).epochs(2).quiet(true).history(h).run(Data.arrays(trn[0], trn[1]));
        assertEquals(7, h.size());
        assertEquals(7, h.last().epoch());
    }

    /** Two inputs (a graph) fit through the same loop; the answer needs both. */
    @Test
    void aGraphWithTwoInputsTrains() {
        Random r = new Random(3);
        int n = 400;
        INDArray a = Nd4j.create(DataType.FLOAT, n, 1), b = Nd4j.create(DataType.FLOAT, n, 1), y = Nd4j.zeros(DataType.FLOAT, n, 2);
        for (int i = 0; i < n; i++) {
            double u = r.nextGaussian(), v = r.nextGaussian();
            a.putScalar(i, 0, u); b.putScalar(i, 0, v);
            y.putScalar(i, u + v > 0 ? 1 : 0, 1);
        }
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(3).updater(new Adam(0.05)).graphBuilder()
                .addInputs("a", "b").setInputTypes(InputType.feedForward(1), InputType.feedForward(1))
                .addVertex("ab", new MergeVertex(), "a", "b")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX).build(), "ab")
                .setOutputs("out").build());
        g.init();
        Data d = Data.arrays(new INDArray[] {a, b}, new INDArray[] {y});
        History h = Fit.of(g).epochs(10).batchSize(32).quiet(true).validation(d).run(d);
        assertTrue(h.last().valAcc() > 0.97, h.toString());
        assertTrue(h.last().acc() > 0.9, "training accuracy is counted for graphs too: " + h.last());
        assertEquals(n, Evaluate.outputs(g, 64, a, b)[0].size(0));
    }

    /** Early stopping puts back the parameters of the epoch with the lowest validation loss. */
    @Test
    void earlyStoppingKeepsTheBestEpoch() {
        INDArray[] trn = blobs(40, 5), val = blobs(200, 6);
        // noisy labels on a small set and a big learning rate: the validation loss goes up and down
        for (int i = 0; i < 40; i += 3) { INDArray row = trn[1].getRow(i); INDArray flipped = row.rsub(1.0); trn[1].putRow(i, flipped); }
        MultiLayerNetwork net = classifier(new Adam(0.3));
        Data valid = Data.arrays(val[0], val[1]);
        History h = Fit.of(net).epochs(40).batchSize(8).quiet(true).patience(3).validation(valid).run(Data.arrays(trn[0], trn[1]));
        double best = h.epochs().stream().mapToDouble(History.Epoch::valLoss).min().orElseThrow();
        assertEquals(best, Evaluate.of(net, valid).loss(), 1e-5, "the kept parameters are the best epoch's: " + h);
        assertThrows(IllegalArgumentException.class, () -> Fit.of(net).patience(2).run(Data.arrays(trn[0], trn[1])));
    }

    @Test
    void everyRowOnceAnEpochInANewOrderEachTime() {
        int n = 50;
        INDArray x = Nd4j.arange(n).castTo(DataType.FLOAT).reshape(n, 1);
        INDArray seq = Nd4j.arange(n * 2 * 3).castTo(DataType.FLOAT).reshape(n, 2, 3);   // [N, C, T] sequences keep their rows whole
        Data d = Data.arrays(new INDArray[] {x, seq}, new INDArray[] {x});
        Random rnd = new Random(9);
        List<Integer> first = rows(d.epoch(16, rnd, true), seq), second = rows(d.epoch(16, rnd, true), seq);
        assertEquals(n, first.size());
        assertEquals(range(n), first.stream().sorted().toList());
        assertEquals(range(n), second.stream().sorted().toList());
        assertNotEquals(first, second);
        assertNotEquals(range(n), first);
        assertEquals(range(n), rows(d.epoch(16, rnd, false), seq), "shuffle(false) keeps the order");
    }

    @Test
    void handComputedLosses() {
        INDArray p = Nd4j.createFromArray(new double[][] {{0.8, 0.2}, {0.4, 0.6}});
        INDArray y = Nd4j.createFromArray(new double[][] {{1, 0}, {1, 0}});
        assertEquals(-(Math.log(0.8) + Math.log(0.4)) / 2, Evaluate.loss(Evaluate.Kind.CROSS_ENTROPY, p, y), 1e-12);
        INDArray q = Nd4j.createFromArray(new double[][] {{0.9}, {0.3}}), t = Nd4j.createFromArray(new double[][] {{1}, {1}});
        assertEquals(-(Math.log(0.9) + Math.log(0.3)) / 2, Evaluate.loss(Evaluate.Kind.BINARY, q, t), 1e-12);
        assertEquals((0.01 + 0.49) / 2, Evaluate.loss(Evaluate.Kind.MSE, q, t), 1e-12);
        // a sure mistake is clipped, not infinite
        assertEquals(-Math.log(Evaluate.CLIP), Evaluate.loss(Evaluate.Kind.CROSS_ENTROPY, Nd4j.createFromArray(new double[][] {{0.0, 1.0}}),
                Nd4j.createFromArray(new double[][] {{1, 0}})), 1e-9);
        // sequences [N, C, T]: every time step counts once
        INDArray ps = Nd4j.createFromArray(new double[][][] {{{0.5, 0.25}, {0.5, 0.75}}});
        INDArray ys = Nd4j.createFromArray(new double[][][] {{{1, 0}, {0, 1}}});
        assertEquals(-(Math.log(0.5) + Math.log(0.75)) / 2, Evaluate.loss(Evaluate.Kind.CROSS_ENTROPY, ps, ys), 1e-12);
    }

    @Test
    void badInputSaysWhatIsWrong() {
        INDArray x = Nd4j.zeros(10, 2), y = Nd4j.zeros(9, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Data.arrays(x, y));
        assertTrue(e.getMessage().contains("10 input rows") && e.getMessage().contains("9"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Fit.of(null));
        assertThrows(IllegalArgumentException.class, () -> Fit.of(classifier(new Sgd(0.1))).batchSize(0));
        assertThrows(IllegalArgumentException.class, () -> Fit.of(classifier(new Sgd(0.1))).epochs(-1));
    }

    // ---- helpers --------------------------------------------------------------------------

    /** Two Gaussian blobs in 2-D at (-1.5, -1.5) and (1.5, 1.5), one-hot labels. */
    static INDArray[] blobs(int n, long seed) {
        Random r = new Random(seed);
        INDArray x = Nd4j.create(DataType.FLOAT, n, 2), y = Nd4j.zeros(DataType.FLOAT, n, 2);
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            double m = c == 0 ? -1.5 : 1.5;
            x.putScalar(i, 0, m + r.nextGaussian()); x.putScalar(i, 1, m + r.nextGaussian());
            y.putScalar(i, c, 1);
        }
        return new INDArray[] {x, y};
    }

    static MultiLayerNetwork classifier(org.nd4j.linalg.learning.config.IUpdater updater) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(4).updater(updater).list()
                .layer(new DenseLayer.Builder().nIn(2).nOut(16).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(2).activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        return net;
    }

    private static List<Integer> rows(Iterator<MultiDataSet> it, INDArray seq) {
        List<Integer> out = new ArrayList<>();
        while (it.hasNext()) {
            MultiDataSet m = it.next();
            for (int i = 0; i < m.getFeatures(0).size(0); i++) {
                int row = m.getFeatures(0).getInt(i, 0);
                out.add(row);
                assertArrayEquals(seq.get(org.nd4j.linalg.indexing.NDArrayIndex.point(row)).reshape(6).toFloatVector(),
                        m.getFeatures(1).get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)).reshape(6).toFloatVector(), "sequence rows travel with their example");
            }
            assertEquals(m.getFeatures(0), m.getLabels(0));
        }
        return out;
    }

    private static List<Integer> range(int n) {
        return java.util.stream.IntStream.range(0, n).boxed().toList();
    }
}
