package fastai.collab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PcaTest {
    @Test void recoversKnownDirectionsAndVariances() {
        // points a*v1 + b*v2 + c with a, b in known patterns: v1 = (3,4,0)/5, v2 = (0,0,1), mean c
        double[] a = {-4, -2, 0, 2, 4, -4, -2, 0, 2, 4}, b = {1, -1, 1, -1, 1, -1, 1, -1, 1, -1};
        double[] c = {10, -3, 7};
        double[][] x = new double[a.length][3];
        for (int i = 0; i < a.length; i++) {
            x[i][0] = a[i] * 0.6 + c[0];
            x[i][1] = a[i] * 0.8 + c[1];
            x[i][2] = b[i] + c[2];
        }
        Pca p = Pca.of(Nd4j.create(x), 2);
        INDArray c1 = p.components().getRow(0), c2 = p.components().getRow(1);
        assertEquals(0.6, c1.getDouble(0), 1e-9);
        assertEquals(0.8, c1.getDouble(1), 1e-9);
        assertEquals(0.0, c1.getDouble(2), 1e-9);
        assertEquals(1.0, c2.getDouble(2), 1e-9);
        // var(a) = sum a^2 / (n-1) = 80/9; var(b) = 10/9
        assertEquals(80.0 / 9, p.variance()[0], 1e-9);
        assertEquals(10.0 / 9, p.variance()[1], 1e-9);
        assertEquals(80.0 / 90, p.explained()[0], 1e-9);
        // scores are the coordinates a and b
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], p.scores().getDouble(i, 0), 1e-9);
            assertEquals(b[i], p.scores().getDouble(i, 1), 1e-9);
        }
        assertEquals(4, p.ends(0, 1, true)[0]);
        assertEquals(0, p.ends(0, 1, false)[0]);
    }
}
