package fastai.mnist;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Shapes of each MNIST model, and the trainer's arithmetic and argument checks, on synthetic data. */
@Tag("fast")
class MnistModelsTest {
    @Test void everyBuilderMapsFlatAndSquareDigitsToTenProbabilities() {
        record M(String name, MultiLayerNetwork net, long params) { }
        List<M> models = List.of(
                new M("linear", MnistModels.linear(1), 784 * 10 + 10),
                new M("hidden", MnistModels.hidden(1), 784 * 512 + 512 + 512 * 10 + 10),
                // conv1 5x5x1x32 + 32, conv2 5x5x32x64 + 64, dense 4*4*64 x 512 + 512, out 512 x 10 + 10
                new M("cnn", MnistModels.cnn(1), 25 * 32 + 32 + 25 * 32 * 64 + 64 + 1024 * 512 + 512 + 5130),
                // plus 4 numbers per channel for each batchnorm (gamma, beta, running mean and variance)
                new M("cnnBatchNorm", MnistModels.cnnBatchNorm(1),
                        25 * 32 + 32 + 25 * 32 * 64 + 64 + 1024 * 512 + 512 + 5130 + 4 * (32 + 64 + 512)));
        INDArray flat = Nd4j.rand(DataType.FLOAT, 3, 784);
        for (M m : models) {
            assertEquals(m.params(), m.net().numParams(), m.name() + " parameters");
            INDArray p = m.net().output(flat, false);
            assertArrayEquals(new long[] {3, 10}, p.shape(), m.name());
            for (int i = 0; i < 3; i++) assertEquals(1.0, p.getRow(i).sumNumber().doubleValue(), 1e-4, m.name() + " softmax row " + i);
        }
    }

    @Test void accuracyAndAverageAgainstHandComputation() {
        INDArray a = Nd4j.create(new float[][] {{0.7f, 0.3f}, {0.4f, 0.6f}, {0.9f, 0.1f}});
        INDArray b = Nd4j.create(new float[][] {{0.1f, 0.9f}, {0.3f, 0.7f}, {0.6f, 0.4f}});
        assertEquals(2.0 / 3, MnistTrainer.accuracy(a, new int[] {0, 1, 1}), 1e-12);
        INDArray avg = MnistTrainer.average(List.of(a, b));
        assertEquals(0.4, avg.getDouble(0, 0), 1e-6);   // (0.7 + 0.1) / 2: the ensemble changes its mind on row 0
        assertEquals(0.35, avg.getDouble(1, 0), 1e-6);
        assertEquals(1.0 / 3, MnistTrainer.accuracy(avg, new int[] {0, 1, 1}), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> MnistTrainer.average(List.of(a, Nd4j.zeros(2, 2))));
        assertThrows(IllegalArgumentException.class, () -> MnistTrainer.accuracy(a, new int[] {0, 1}));
    }

    @Test void mismatchedOrMisshapenInputIsAClearError() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 784);
        INDArray y = Nd4j.createFromArray(0, 1, 2, 3, 4);
        var e = assertThrows(IllegalArgumentException.class,
                () -> new MnistTrainer(x, Nd4j.createFromArray(0, 1, 2), x, y));
        assertTrue(e.getMessage().contains("trainImages has 5 images") && e.getMessage().contains("[3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new MnistTrainer(x, y, Nd4j.rand(DataType.FLOAT, 5, 1, 32, 32), y));
        assertTrue(e.getMessage().contains("testImages must be 28x28") && e.getMessage().contains("[5, 1, 32, 32]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new MnistTrainer(x, Nd4j.createFromArray(0, 1, 2, 3, 10), x, y));
        assertTrue(e.getMessage().contains("trainLabels[4] = 10"), e.getMessage());
        MnistTrainer t = new MnistTrainer(x, y, x, y).quiet(true);
        assertThrows(IllegalArgumentException.class, () -> t.predict(MnistModels.linear(1), Nd4j.rand(DataType.FLOAT, 2, 27, 27)));
        assertThrows(IllegalArgumentException.class, () -> t.train("x", MnistModels.linear(1), 0));
    }

    @Test void trainerStandardisesWithTheTrainingMeanAndAcceptsBothShapes() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 784);
        INDArray y = Nd4j.createFromArray(0, 1, 2, 3);
        MnistTrainer t = new MnistTrainer(x, y, x.reshape(4, 1, 28, 28), y).quiet(true);
        assertEquals(x.meanNumber().doubleValue(), t.mean(), 1e-6);
        assertEquals(x.stdNumber().doubleValue(), t.std(), 1e-6);
        MultiLayerNetwork net = MnistModels.linear(3);
        assertEquals(t.predict(net, x), t.predict(net, x.reshape(4, 1, 28, 28)));
        var s = t.train("tiny", net, 2, DigitWarp.course(1));
        assertEquals(2, s.epochs());
        assertEquals(4, s.trainImages());
        assertArrayEquals(new long[] {4, 10}, s.testProbs().shape());

        // an ensemble that starts from s: one new model, and its probabilities are the mean of the two models'
        var e = t.ensemble("pair", s, 2, MnistModels::linear, null);
        assertEquals(2, e.nets().size());
        assertSame(net, e.nets().get(0));
        INDArray want = t.predict(net, x).add(t.predict(e.nets().get(1), x)).div(2);
        assertTrue(want.equalsWithEps(e.testProbs(), 1e-6), "ensemble probabilities are the members' mean");
        assertEquals(MnistTrainer.accuracy(want, new int[] {0, 1, 2, 3}), e.accuracy(), 1e-12);
    }
}
