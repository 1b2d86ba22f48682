package fastai.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Our RNN and DL4J's SimpleRnn, given the same weights, compute the same thing. */
class Dl4jSimpleRnnTest {
    static final int V = 7, H = 5;
    static final int[] X = {0, 3, 1, 6, 4, 2, 5, 0};
    static final int[] Y = {3, 1, 6, 4, 2, 5, 0, 2};

    private static CharRnn ourRnn(Activations act) {
        CharRnn rnn = new CharRnn(V, H, act, 21);
        java.util.Random r = new java.util.Random(4);
        for (int i = 0; i < H; i++) rnn.bh[i] = r.nextGaussian() * 0.3;
        for (int i = 0; i < V; i++) rnn.by[i] = r.nextGaussian() * 0.3;
        return rnn;
    }

    @Test
    void forwardPassEqualsSimpleRnn() {
        for (Activations act : new Activations[] {Activations.TANH, Activations.RELU}) {
            CharRnn rnn = ourRnn(act);
            MultiLayerNetwork net = Dl4jCharNets.simpleRnnFrom(rnn, 0.1, 0, X.length);
            CharRnn.Unrolled u = rnn.forward(X, Y);
            double[][] theirH = Dl4jCharNets.hiddenStates(net, X, V);
            double[][] theirP = Dl4jCharNets.probabilities(net, X, V);
            for (int t = 0; t < X.length; t++) {
                assertArrayEquals(u.hs[t + 1], theirH[t], 1e-12, act + " hidden state at step " + t);
                assertArrayEquals(u.probs[t], theirP[t], 1e-12, act + " probabilities at step " + t);
            }
        }
    }

    @Test
    void lossAndGradientsEqualSimpleRnnUpToTheSumOverTime() {
        CharRnn rnn = ourRnn(Activations.TANH);
        MultiLayerNetwork net = Dl4jCharNets.simpleRnnFrom(rnn, 0.1, 0, X.length);
        net.setInput(Dl4jCharNets.oneHot(new int[][] {X}, V, DataType.DOUBLE));
        net.setLabels(Dl4jCharNets.oneHot(new int[][] {Y}, V, DataType.DOUBLE));
        net.computeGradientAndScore();
        Gradient g = net.gradient();

        rnn.zeroGrad();
        double ourLoss = rnn.accumulateGradients(X, Y);
        int t = X.length;
        // DL4J sums the loss over time steps; ours is the mean
        assertEquals(ourLoss * t, net.score(), 1e-10);
        assertMatrix(Mat.scale(t, Mat.transpose(rnn.dWxh)), g.getGradientFor("0_W"), "W");
        assertMatrix(Mat.scale(t, Mat.transpose(rnn.dWhh)), g.getGradientFor("0_RW"), "RW");
        assertMatrix(Mat.scale(t, new double[][] {rnn.dbh}), g.getGradientFor("0_b"), "b");
        assertMatrix(Mat.scale(t, Mat.transpose(rnn.dWhy)), g.getGradientFor("1_W"), "output W");
        assertMatrix(Mat.scale(t, new double[][] {rnn.dby}), g.getGradientFor("1_b"), "output b");
    }

    private static void assertMatrix(double[][] expected, INDArray actual, String what) {
        if (expected.length == 1) actual = actual.reshape(1, actual.length());   // DL4J keeps biases as vectors
        assertArrayEquals(new long[] {expected.length, expected[0].length}, actual.shape(), what + " shape");
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[0].length; j++) {
                assertEquals(expected[i][j], actual.getDouble(i, j), 1e-10, what + "[" + i + "][" + j + "]");
            }
        }
    }
}
