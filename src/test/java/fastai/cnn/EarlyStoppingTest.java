package fastai.cnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fastai.train.EarlyStopping;
import fastai.train.EpochHistoryListener;
import fastai.train.History;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Early stopping on DL4J's trainer and the per-epoch history, on tiny synthetic problems. */
class EarlyStoppingTest {

    /** n points in 2-D; class 1 when x0 + 0.5 x1 > 0 (or the opposite when {@code flipped}). */
    static DataSet points(int n, long seed, boolean flipped) {
        Random r = new Random(seed);
        INDArray x = Nd4j.create(DataType.FLOAT, n, 2);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 2);
        for (int i = 0; i < n; i++) {
            double a = r.nextGaussian(), b = r.nextGaussian();
            x.putScalar(i, 0, a);
            x.putScalar(i, 1, b);
            int c = (a + 0.5 * b > 0) ^ flipped ? 1 : 0;
            y.putScalar(i, c, 1);
        }
        return new DataSet(x, y);
    }

    static DataSetIterator batches(DataSet d, int batch) {
        return new ExistingDataSetIterator(d.batchBy(batch));   // resettable, no per-batch merging
    }

    static ComputationGraph net(IUpdater updater) {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(7).updater(updater)
                .weightInit(WeightInit.XAVIER).graphBuilder().addInputs("in")
                .addLayer("h", new DenseLayer.Builder().nIn(2).nOut(8).activation(Activation.TANH).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "h")
                .setOutputs("out").build());
        g.init();
        return g;
    }

    /** Parameters at the end of each epoch. */
    static final class Snapshots extends BaseTrainingListener {
        final List<INDArray> params = new ArrayList<>();
        @Override public void onEpochEnd(Model model) { params.add(model.params().dup()); }
    }

    @Test
    void stopsAfterPatienceEpochsWithoutImprovementAndReturnsTheBestModel() {
        // Validation labels are the training labels flipped: the better the fit, the higher val_loss.
        ComputationGraph g = net(new Sgd(0.5));
        Snapshots snaps = new Snapshots();
        g.addListeners(snaps);
        EarlyStopping.Result r = EarlyStopping.patience(2).maxEpochs(20).quiet(true)
                .fit(g, batches(points(200, 1, false), 20), batches(points(100, 2, true), 50));
        List<History.Epoch> h = r.history().epochs();
        assertTrue(h.get(1).valLoss() > h.get(0).valLoss() && h.get(2).valLoss() > h.get(1).valLoss(),
                "precondition: validation loss rises " + r.history());
        assertEquals(3, r.epochs(), "best epoch 1, then 2 epochs without improvement");
        assertEquals(1, r.bestEpoch());
        assertEquals(3, snaps.params.size());
        assertEquals(snaps.params.get(0), r.best().params(), "best model = the network as it was after epoch 1");
        assertTrue(!snaps.params.get(2).equals(r.best().params()));
        assertTrue(r.reason().contains("2 epochs"), r.reason());
        assertTrue(g.getListeners().contains(snaps) && g.getListeners().size() == 1, "the caller's listeners are restored");

        // patience 3 on the same problem: one more epoch.
        EarlyStopping.Result r3 = EarlyStopping.patience(3).quiet(true)
                .fit(net(new Sgd(0.5)), batches(points(200, 1, false), 20), batches(points(100, 2, true), 50));
        assertEquals(4, r3.epochs());
        assertEquals(1, r3.bestEpoch());
    }

    @Test
    void maxEpochsStopsARunThatKeepsImproving() {
        EarlyStopping.Result r = EarlyStopping.patience(2).maxEpochs(4).quiet(true)
                .fit(net(new Sgd(0.2)), batches(points(200, 1, false), 20), batches(points(100, 2, false), 50));
        assertEquals(4, r.epochs());
        assertEquals(4, r.bestEpoch());
        assertTrue(r.bestRow().valAcc() > 0.9, r.toString());
    }

    @Test
    void historyNumbersEqualAHandEvaluation() {
        // No updates (learning rate 0; DL4J's NoOp would apply the raw gradient): each epoch sees the same network, so a hand pass over the data must match.
        ComputationGraph g = net(new Sgd(0.0));
        DataSet train = points(25, 3, false), valid = points(17, 4, false);
        DataSetIterator validIt = batches(valid, 5);
        EpochHistoryListener l = new EpochHistoryListener(validIt).quiet(true);
        g.addListeners(l);
        g.fit(l.watch(batches(train, 10)), 2);   // batches of 10, 10, 5
        double[] t = hand(g, train), v = hand(g, valid);
        assertEquals(2, l.history().size());
        for (History.Epoch e : l.history().epochs()) {
            assertEquals(t[0], e.loss(), 1e-5);
            assertEquals(t[1], e.acc(), 1e-12);
            assertEquals(v[0], e.valLoss(), 1e-5);
            assertEquals(v[1], e.valAcc(), 1e-12);
            assertEquals(25, e.images());
        }
        assertEquals(2, l.lossChart("t").getSeriesCollection().size());
        assertEquals(2, l.accuracyChart("t").getSeriesCollection().size());
    }

    /** Mean cross-entropy and accuracy by plain loops over the outputs. */
    static double[] hand(ComputationGraph g, DataSet d) {
        INDArray p = g.outputSingle(d.getFeatures());
        double loss = 0;
        int right = 0;
        for (int i = 0; i < p.rows(); i++) {
            int truth = d.getLabels().getDouble(i, 1) > 0.5 ? 1 : 0;
            loss -= Math.log(p.getDouble(i, truth));
            int guess = p.getDouble(i, 1) > p.getDouble(i, 0) ? 1 : 0;
            if (guess == truth) right++;
        }
        return new double[] {loss / p.rows(), (double) right / p.rows()};
    }

    @Test
    void badArgumentsGiveClearErrors() {
        var e = assertThrows(IllegalArgumentException.class, () -> EarlyStopping.patience(0));
        assertTrue(e.getMessage().contains("patience") && e.getMessage().contains("0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EarlyStopping.patience(2).maxEpochs(0));
        assertTrue(e.getMessage().contains("maxEpochs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> EarlyStopping.patience(2).fit(net(new Sgd(0.1)), batches(points(10, 1, false), 5), null));
        assertTrue(e.getMessage().contains("valid"), e.getMessage());
    }
}
