package fastai.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SoftmaxCrossEntropyTest {

    // Worked by hand for z = (1, 2, 3), true class 0:
    //   e^1 = 2.718281828, e^2 = 7.389056099, e^3 = 20.085536923, sum = 30.192874850
    //   p = (0.0900305732, 0.2447284711, 0.6652409558)
    //   L = -ln 0.0900305732 = 2.4076059645
    //   dL/dz = p - (1, 0, 0) = (-0.9099694268, 0.2447284711, 0.6652409558)
    private static final double[] Z = {1, 2, 3};

    @Test
    void softmaxMatchesHandComputation() {
        assertArrayEquals(new double[] {0.0900305732, 0.2447284711, 0.6652409558}, SoftmaxCrossEntropy.softmax(Z), 1e-10);
    }

    @Test
    void lossMatchesHandComputation() {
        assertEquals(2.4076059645, SoftmaxCrossEntropy.loss(SoftmaxCrossEntropy.softmax(Z), 0), 1e-10);
    }

    @Test
    void gradientMatchesHandComputation() {
        double[] g = SoftmaxCrossEntropy.gradient(SoftmaxCrossEntropy.softmax(Z), 0);
        assertArrayEquals(new double[] {-0.9099694268, 0.2447284711, 0.6652409558}, g, 1e-10);
    }

    @Test
    void chainRuleThroughJacobianGivesTheShortForm() {
        // dL/dz_k = sum_i dL/dp_i * dp_i/dz_k, with dL/dp = (-1/p_0, 0, 0)
        double[] p = SoftmaxCrossEntropy.softmax(Z);
        double[] dLdp = SoftmaxCrossEntropy.crossEntropyGradient(p, 0);
        double[][] jac = SoftmaxCrossEntropy.softmaxJacobian(p);
        double[] viaChain = Mat.matTVec(jac, dLdp);
        assertArrayEquals(SoftmaxCrossEntropy.gradient(p, 0), viaChain, 1e-12);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        double[] z = {0.3, -1.2, 2.5, 0.0, 0.7};
        int y = 3;
        double[] g = SoftmaxCrossEntropy.gradient(SoftmaxCrossEntropy.softmax(z), y);
        double eps = 1e-6;
        for (int k = 0; k < z.length; k++) {
            double[] plus = z.clone();
            double[] minus = z.clone();
            plus[k] += eps;
            minus[k] -= eps;
            double num = (SoftmaxCrossEntropy.loss(SoftmaxCrossEntropy.softmax(plus), y)
                    - SoftmaxCrossEntropy.loss(SoftmaxCrossEntropy.softmax(minus), y)) / (2 * eps);
            assertEquals(num, g[k], 1e-8, "dL/dz_" + k);
        }
    }

    @Test
    void softmaxIsStableForHugeScores() {
        double[] p = SoftmaxCrossEntropy.softmax(new double[] {1000, 1000, -1000});
        assertArrayEquals(new double[] {0.5, 0.5, 0}, p, 1e-12);
    }

    @Test
    void temperatureSharpensAndFlattens() {
        double[] cold = SoftmaxCrossEntropy.softmax(Z, 0.5);
        double[] hot = SoftmaxCrossEntropy.softmax(Z, 2.0);
        double[] base = SoftmaxCrossEntropy.softmax(Z);
        assertEquals(true, cold[2] > base[2] && base[2] > hot[2]);
    }

    @Test
    void activationDerivativesMatchFiniteDifferences() {
        double eps = 1e-6;
        for (Activations f : Activations.values()) {
            for (double z : new double[] {-2.0, -0.3, 0.4, 1.7}) {
                double num = (f.apply(z + eps) - f.apply(z - eps)) / (2 * eps);
                assertEquals(num, f.derivative(z), 1e-8, f + "'(" + z + ")");
                assertEquals(f.derivative(z), f.derivativeFromOutput(f.apply(z)), 1e-12, f + " from output at " + z);
            }
        }
        // hand values
        assertEquals(0.5, Activations.SIGMOID.apply(0), 0);
        assertEquals(0.25, Activations.SIGMOID.derivative(0), 0);
        assertEquals(1.0, Activations.TANH.derivative(0), 0);
        assertEquals(0.0, Activations.RELU.apply(-3), 0);
        assertEquals(0.0, Activations.RELU.derivative(-3), 0);
        assertEquals(1.0, Activations.RELU.derivative(3), 0);
        assertEquals(1.0, Activations.SIGMOID.apply(800), 0);
        assertEquals(0.0, Activations.SIGMOID.apply(-800), 1e-300);
    }
}
