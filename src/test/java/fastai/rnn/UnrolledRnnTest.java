package fastai.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Lesson 6, steps 1 and 2: one weight matrix shared by every position, and the unrolled model equals SimpleRnn. */
class UnrolledRnnTest {
    static final int V = 7, F = 4, H = 5;
    static final double[][] X3 = {{0, 3, 1}, {6, 4, 2}, {5, 5, 0}};
    static final double[][] Y3 = {{2}, {0}, {6}};

    /** Small random weights everywhere, including a non-identity W_hidden and non-zero biases. */
    static UnrolledRnn model(int length) {
        java.util.Random r = new java.util.Random(11);
        return UnrolledRnn.build(length,
                UnrolledRnn.randn(V, F, 0.8, r, DataType.DOUBLE), UnrolledRnn.randn(F, H, 0.6, r, DataType.DOUBLE),
                UnrolledRnn.randn(H, H, 0.4, r, DataType.DOUBLE), UnrolledRnn.randn(1, H, 0.3, r, DataType.DOUBLE),
                UnrolledRnn.randn(H, V, 0.5, r, DataType.DOUBLE), UnrolledRnn.randn(1, V, 0.3, r, DataType.DOUBLE));
    }

    @Test
    void theThreePositionsUseOneInputMatrix() {
        UnrolledRnn u = model(3);
        // one variable of each kind, whatever the number of positions
        assertEquals((long) V * F + F * H + H * H + H + H * V + V, u.parameterCount());
        assertEquals(UnrolledRnn.build(8, V, F, H, DataType.DOUBLE, 1).parameterCount(), u.parameterCount());
        // the one W_in is read by three multiplications (one per position), W_hidden by two
        List<String> uses = u.usesOf(UnrolledRnn.W_IN);
        assertEquals(3, uses.size(), "ops reading w_in: " + uses);
        assertEquals(2, u.usesOf(UnrolledRnn.W_HIDDEN).size());
        assertEquals(3, u.usesOf(UnrolledRnn.EMBEDDING).size());
    }

    @Test
    void forwardPassEqualsAHandComputationWithOneMatrix() {
        UnrolledRnn u = model(3);
        double[][] emb = u.weight(UnrolledRnn.EMBEDDING).toDoubleMatrix();
        double[][] win = u.weight(UnrolledRnn.W_IN).toDoubleMatrix();
        double[][] wh = u.weight(UnrolledRnn.W_HIDDEN).toDoubleMatrix();
        double[] b = u.weight(UnrolledRnn.B).toDoubleVector();
        double[][] wout = u.weight(UnrolledRnn.W_OUT).toDoubleMatrix();
        double[] bout = u.weight(UnrolledRnn.B_OUT).toDoubleVector();
        INDArray probs = u.probabilities(Nd4j.create(X3));
        for (int i = 0; i < X3.length; i++) {
            double[] h = new double[H];
            for (int t = 0; t < 3; t++) {
                double[] e = emb[(int) X3[i][t]];
                double[] z = b.clone();
                for (int k = 0; k < H; k++) {
                    for (int j = 0; j < F; j++) z[k] += e[j] * win[j][k];
                    if (t > 0) for (int j = 0; j < H; j++) z[k] += h[j] * wh[j][k];
                }
                for (int k = 0; k < H; k++) h[k] = Math.max(0, z[k]);
            }
            double[] logits = bout.clone();
            for (int v = 0; v < V; v++) for (int k = 0; k < H; k++) logits[v] += h[k] * wout[k][v];
            assertArrayEquals(SoftmaxCrossEntropy.softmax(logits), probs.getRow(i).toDoubleVector(), 1e-12, "example " + i);
        }
    }

    @Test
    void sharedWeightGradientIsTheSumOverPositionsAndMatchesFiniteDifferences() {
        UnrolledRnn u = model(3);
        INDArray x = Nd4j.create(X3), y = Nd4j.create(Y3);
        Map<String, INDArray> g = u.gradients(x, y);
        INDArray w = u.weight(UnrolledRnn.W_IN);
        double eps = 1e-6;
        for (int j = 0; j < F; j++) {
            for (int k = 0; k < H; k++) {
                double old = w.getDouble(j, k);
                w.putScalar(j, k, old + eps);
                double up = u.loss(x, y);
                w.putScalar(j, k, old - eps);
                double down = u.loss(x, y);
                w.putScalar(j, k, old);
                assertEquals((up - down) / (2 * eps), g.get(UnrolledRnn.W_IN).getDouble(j, k), 1e-7, "dW_in[" + j + "][" + k + "]");
            }
        }
    }

    @Test
    void eightCharactersUnrolledByHandEqualSimpleRnnWithTheSameWeights() {
        UnrolledRnn u = model(8);
        MultiLayerNetwork net = Lesson6Nets.simpleRnnFrom(u);
        double[][] x = {{0, 1, 2, 3, 4, 5, 6, 0}, {6, 6, 5, 1, 0, 2, 3, 3}, {2, 4, 6, 1, 3, 5, 0, 2}};
        double[][] y = {{1}, {4}, {0}};
        INDArray ours = u.probabilities(Nd4j.create(x));
        INDArray theirs = net.output(Nd4j.create(x));
        assertArrayEquals(new long[] {3, V}, theirs.shape());
        for (int i = 0; i < x.length; i++) {
            assertArrayEquals(ours.getRow(i).toDoubleVector(), theirs.getRow(i).toDoubleVector(), 1e-12, "example " + i);
        }
        // and the same loss: DL4J's score is the mean cross-entropy over the batch, as ours
        net.setInput(Nd4j.create(x));
        net.setLabels(CharWindows.oneHotLabels(V).apply(new org.nd4j.linalg.dataset.MultiDataSet(Nd4j.create(x), Nd4j.create(y))).getLabels(0).castTo(DataType.DOUBLE));
        net.computeGradientAndScore();
        assertEquals(u.loss(Nd4j.create(x), Nd4j.create(y)), net.score(), 1e-12);
        assertTrue(net.score() > 0);
    }
}
