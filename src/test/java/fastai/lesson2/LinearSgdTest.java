package fastai.lesson2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LinearSgdTest {
    @Test void courseSetupIsTheLessonsProblem() {
        LinearSgd s = LinearSgd.courseSetup(42);
        assertEquals(30, s.n());
        assertEquals(-1, s.a());
        assertEquals(1, s.b());
        assertEquals(0.01, s.lr());
        double[] x = s.x(), y = s.y();
        for (int i = 0; i < x.length; i++) {
            assertTrue(x[i] >= 0 && x[i] < 1);
            assertEquals(3 * x[i] + 8, y[i], 1e-12);
        }
    }

    @Test void handWrittenGradientsMatchNumericalOnes() {
        LinearSgd s = LinearSgd.courseSetup(42);
        double[] x = s.x(), y = s.y();
        double[][] points = {{-1, 1}, {0, 0}, {3, 8}, {2.5, 9.1}, {-7, 20}, {10, -3}};
        for (double[] ab : points) {
            double[] g = LinearSgd.gradient(ab[0], ab[1], x, y);
            double[] num = LinearSgd.numericalGradient(ab[0], ab[1], x, y, 1e-5);
            for (int k = 0; k < 2; k++) {
                double scale = Math.max(1, Math.abs(g[k]));
                assertEquals(num[k], g[k], 1e-6 * scale, "d/d" + (k == 0 ? "a" : "b") + " at " + ab[0] + ", " + ab[1]);
            }
        }
        // at the true line the loss is 0 and so are both derivatives
        double[] g = LinearSgd.gradient(3, 8, x, y);
        assertEquals(0, g[0], 1e-12);
        assertEquals(0, g[1], 1e-12);
    }

    @Test void oneStepIsTheFormula() {
        LinearSgd s = LinearSgd.courseSetup(42);
        double[] x = s.x(), y = s.y();
        double ga = 0, gb = 0;
        for (int i = 0; i < x.length; i++) {
            double e = -1 * x[i] + 1 - y[i];
            ga += 2 * e * x[i];
            gb += 2 * e;
        }
        s.step();
        assertEquals(-1 - 0.01 * ga / 30, s.a(), 1e-12);
        assertEquals(1 - 0.01 * gb / 30, s.b(), 1e-12);
        assertEquals(1, s.stepCount());
    }

    @Test void lossFallsAndTheLineIsFound() {
        LinearSgd s = LinearSgd.courseSetup(42);
        double prev = s.loss();
        assertTrue(prev > 50, "starting loss " + prev);
        for (int i = 0; i < 400; i++) {
            s.step();
            double l = s.loss();
            assertTrue(l < prev, "loss rose at step " + (i + 1));
            prev = l;
        }
        // the course's 40 frames × 10 updates already get close
        assertEquals(3, s.a(), 0.1);
        assertEquals(8, s.b(), 0.1);
        s.steps(4600);
        assertEquals(3, s.a(), 1e-3);
        assertEquals(8, s.b(), 1e-3);
        assertTrue(s.loss() < 1e-7);
    }

    @Test void badInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LinearSgd(new double[] {1, 2}, new double[] {1}, 0, 0, 0.1));
        assertEquals("x has 2 values but y has 1; they must match", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LinearSgd(new double[] {1}, new double[] {1}, 0, 0, 0));
        assertEquals("lr = 0.0 must be a positive number", e.getMessage());
    }
}
