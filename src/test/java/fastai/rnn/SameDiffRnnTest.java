package fastai.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Lesson 6, step 5: SameDiff's automatic gradients equal lesson 7's hand-written backprop. */
class SameDiffRnnTest {
    static final int V = 9, H = 6, T = 8;

    @Test
    void autodiffGradientsEqualHandWrittenBackpropToOneInAMillion() {
        CharRnn rnn = new CharRnn(V, H, Activations.TANH, 5);
        Random r = new Random(8);
        for (int i = 0; i < H; i++) rnn.bh[i] = r.nextGaussian() * 0.3;
        for (int i = 0; i < V; i++) rnn.by[i] = r.nextGaussian() * 0.3;
        int[][] xs = new int[4][T], ys = new int[4][T];
        for (int i = 0; i < xs.length; i++) {
            for (int t = 0; t < T; t++) { xs[i][t] = r.nextInt(V); ys[i][t] = r.nextInt(V); }
        }
        // hand-written: the mean over sequences of each sequence's (mean over steps) gradient
        rnn.zeroGrad();
        double handLoss = 0;
        for (int i = 0; i < xs.length; i++) handLoss += rnn.accumulateGradients(xs[i], ys[i]);
        handLoss /= xs.length;
        for (Param p : rnn.params()) Mat.scaleInPlace(p.grad, 1.0 / xs.length);

        SameDiffRnn sd = SameDiffRnn.of(rnn, T, DataType.DOUBLE);
        INDArray x = SameDiffRnn.indices(xs), y = SameDiffRnn.indices(ys);
        assertEquals(handLoss, sd.loss(x, y), 1e-12);
        Map<String, double[][]> auto = sd.gradients(x, y);
        double worst = 0;
        for (Param p : rnn.params()) {
            double[][] a = auto.get(p.name);
            assertEquals(p.rows(), a.length, p.name + " rows");
            assertEquals(p.cols(), a[0].length, p.name + " cols");
            for (int i = 0; i < p.rows(); i++) {
                for (int j = 0; j < p.cols(); j++) {
                    assertEquals(p.grad[i][j], a[i][j], 1e-6, p.name + "[" + i + "][" + j + "]");
                    worst = Math.max(worst, Math.abs(p.grad[i][j] - a[i][j]));
                }
            }
        }
        // the gradients are not trivially zero
        assertEquals(true, Mat.maxAbs(rnn.dWhh) > 1e-3, "dWhh is not negligible");
        assertEquals(true, worst < 1e-6);
    }

    @Test
    void weightsRoundTripIntoACharRnn() {
        CharRnn rnn = new CharRnn(V, H, Activations.TANH, 3);
        CharRnn back = SameDiffRnn.of(rnn, T, DataType.DOUBLE).toCharRnn();
        int[] x = {1, 2, 3, 4, 5, 6, 7, 8}, y = {2, 3, 4, 5, 6, 7, 8, 0};
        assertEquals(rnn.loss(x, y), back.loss(x, y), 1e-15);
    }
}
