package fastai.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Backprop of both from-scratch models against finite differences, on every parameter entry. */
class GradientCheckTest {
    static final int[] X = {0, 3, 1, 4, 4, 2, 0};
    static final int[] Y = {3, 1, 4, 4, 2, 0, 1};

    private static void assertAllBelow(String what, GradientCheck.Result r, int expectedParams, double tol) {
        System.out.println(what + ":\n" + r);
        assertEquals(expectedParams, r.entries().size());
        for (GradientCheck.Entry e : r.entries()) {
            assertTrue(e.maxRelativeError() <= tol, e.toString());
        }
    }

    @Test
    void tanhRnn() {
        CharRnn rnn = new CharRnn(5, 6, Activations.TANH, 11);
        GradientCheck.Result r = GradientCheck.check(rnn, X, Y);
        assertAllBelow("tanh RNN", r, 5, 1e-5);
        assertEquals(6 * 5 + 6 * 6 + 6 + 5 * 6 + 5, r.checked());
    }

    @Test
    void reluRnn() {
        // Whh starts as the identity; bias the hidden units away from 0 so that no pre-activation
        // sits on relu's kink, where a finite difference straddles two slopes.
        CharRnn rnn = new CharRnn(5, 6, Activations.RELU, 5);
        java.util.Arrays.fill(rnn.bh, 0.5);
        assertAllBelow("relu RNN", GradientCheck.check(rnn, X, Y), 5, 1e-5);
    }

    @Test
    void gru() {
        Gru gru = new Gru(5, 6, 7);
        // non-zero biases so every term of the backward pass is exercised
        java.util.Random rng = new java.util.Random(1);
        for (double[] b : List.of(gru.br, gru.bz, gru.bc, gru.by)) {
            for (int i = 0; i < b.length; i++) b[i] = rng.nextGaussian() * 0.5;
        }
        GradientCheck.Result r = GradientCheck.check(gru, X, Y);
        assertAllBelow("GRU", r, 11, 1e-5);
    }

    @Test
    void widerVocabularyLikeTheNotebook() {
        // 83 characters (the size of Moby-Dick's vocabulary), 6 hidden units, 8 steps: many
        // output-weight gradients are tiny (~1e-7), the hard case for finite differences.
        java.util.Random rng = new java.util.Random(9);
        int[] x = new int[8], y = new int[8];
        for (int t = 0; t < 8; t++) {
            x[t] = rng.nextInt(83);
            y[t] = rng.nextInt(83);
        }
        assertAllBelow("tanh RNN, 83 chars", GradientCheck.check(new CharRnn(83, 6, Activations.TANH, 1), x, y), 5, 1e-5);
        assertAllBelow("GRU, 83 chars", GradientCheck.check(new Gru(83, 6, 1), x, y), 11, 1e-5);
    }

    @Test
    void aDotProductInsteadOfAnOuterProductIsCaught() {
        // The suspected mistake: updating Whh with a dot product (one number for the whole
        // matrix) where the outer product dz_t ⊗ h_{t-1} belongs.
        CharRnn rnn = new CharRnn(5, 6, Activations.TANH, 11);
        CharRnn.Unrolled u = rnn.forward(X, Y);
        rnn.zeroGrad();
        rnn.backward(u);
        double[][] wrong = new double[6][6];
        for (int t = 0; t < X.length; t++) {
            double d = Mat.dot(u.dz[t], u.hs[t]);
            for (double[] row : wrong) for (int j = 0; j < row.length; j++) row[j] += d;
        }
        double[][] numeric = GradientCheck.numericGradient(rnn, rnn.params().get(1), X, Y, GradientCheck.DEFAULT_EPSILON);
        assertTrue(GradientCheck.compare("Whh", rnn.dWhh, numeric).maxRelativeError() < 1e-5);
        assertTrue(GradientCheck.compare("Whh (dot)", wrong, numeric).maxRelativeError() > 0.1);
    }
}
