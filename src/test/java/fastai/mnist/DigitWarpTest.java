package fastai.mnist;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The augmentation's transforms, checked pixel by pixel on small synthetic images. */
@Tag("fast")
class DigitWarpTest {
    /** Two images 6x6, every pixel a different value (1 + index), plus 0-based image offset. */
    static INDArray ramp(int n, int side) {
        float[] f = new float[n * side * side];
        for (int i = 0; i < f.length; i++) f[i] = 1 + i % (side * side) + 100 * (i / (side * side));
        return Nd4j.create(f, new long[] {n, 1, side, side}, 'c');
    }

    @Test void shiftByKMovesEveryPixelByK() {
        INDArray img = ramp(2, 6);
        for (int[] d : new int[][] {{2, 0}, {0, 1}, {-1, 3}, {1, -2}}) {
            int dx = d[0], dy = d[1];
            INDArray out = DigitWarp.shift(img, dx, dy);
            assertArrayEquals(img.shape(), out.shape());
            for (int n = 0; n < 2; n++) {
                for (int y = 0; y < 6; y++) {
                    for (int x = 0; x < 6; x++) {
                        int sx = x - dx, sy = y - dy;
                        double want = sx < 0 || sy < 0 || sx >= 6 || sy >= 6 ? 0 : img.getDouble(n, 0, sy, sx);
                        assertEquals(want, out.getDouble(n, 0, y, x), 1e-6, "shift " + dx + "," + dy + " at " + x + "," + y);
                    }
                }
            }
        }
    }

    @Test void rotationByZeroAndUnitZoomAreIdentity() {
        INDArray img = ramp(2, 28).reshape('c', 2, 784);
        assertEquals(img, DigitWarp.rotate(img, 0));
        assertEquals(img, DigitWarp.warp(img, 0, 0, 0, 0, 1, 1));
    }

    @Test void quarterTurnMovesCornersLikeRot90() {
        // counter-clockwise on screen: the top-right pixel goes to the top-left
        INDArray img = ramp(1, 5);
        INDArray out = DigitWarp.rotate(img, 90);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 5; x++) {
                // CCW on screen: out(x, y) = in(4 - y, x)
                assertEquals(img.getDouble(0, 0, x, 4 - y), out.getDouble(0, 0, y, x), 1e-5, "at " + x + "," + y);
            }
        }
    }

    @Test void halfPixelShiftAveragesNeighbours() {
        INDArray img = ramp(1, 4);
        INDArray out = DigitWarp.warp(img, 0, 0.5, 0, 0, 1, 1);
        // out(x) = (in(x - 1) + in(x)) / 2, with 0 outside
        assertEquals(img.getDouble(0, 0, 1, 0) / 2, out.getDouble(0, 0, 1, 0), 1e-6);
        assertEquals((img.getDouble(0, 0, 1, 1) + img.getDouble(0, 0, 1, 2)) / 2, out.getDouble(0, 0, 1, 2), 1e-6);
    }

    @Test void zoomTwoAboutTheCentreSpreadsTheCentre() {
        // 5x5 with only the centre lit: zoom 2 leaves the centre and half-lights its 4 neighbours
        INDArray img = Nd4j.zeros(DataType.FLOAT, 1, 1, 5, 5);
        img.putScalar(new long[] {0, 0, 2, 2}, 1);
        INDArray out = DigitWarp.warp(img, 0, 0, 0, 0, 2, 2);
        assertEquals(1, out.getDouble(0, 0, 2, 2), 1e-6);
        assertEquals(0.5, out.getDouble(0, 0, 2, 3), 1e-6);
        assertEquals(0.25, out.getDouble(0, 0, 1, 1), 1e-6);
        assertEquals(0, out.getDouble(0, 0, 0, 0), 1e-6);
    }

    @Test void randomWarpsKeepShapeDifferPerImageAndAreSeeded() {
        INDArray img = Nd4j.zeros(DataType.FLOAT, 3, 784);
        for (int n = 0; n < 3; n++) for (int p = 300; p < 480; p++) img.putScalar(n, p, 1);   // the same bar in each
        INDArray a = DigitWarp.course(7).apply(img);
        INDArray b = DigitWarp.course(7).apply(img);
        assertArrayEquals(new long[] {3, 784}, a.shape());
        assertEquals(a, b, "same seed, same warps");
        assertNotEquals(a.getRow(0), a.getRow(1), "each image gets its own warp");
        assertNotEquals(img, a);
        // small warps move ink around but keep most of it
        double ink = img.sumNumber().doubleValue(), after = a.sumNumber().doubleValue();
        assertEquals(ink, after, 0.3 * ink);
    }

    @Test void badInputIsAClearError() {
        var e = assertThrows(IllegalArgumentException.class, () -> DigitWarp.course(1).apply(Nd4j.zeros(2, 780)));
        assertTrue(e.getMessage().contains("square"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DigitWarp.rotate(Nd4j.zeros(2, 3, 28, 28), 5));
        assertTrue(e.getMessage().contains("[2, 3, 28, 28]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DigitWarp(-1, 0, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> DigitWarp.warp(Nd4j.zeros(1, 784), 0, 0, 0, 0, 0, 1));
    }
}
