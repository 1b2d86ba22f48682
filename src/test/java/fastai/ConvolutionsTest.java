package fastai;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import fastai.Convolutions.Filter;
import fastai.Convolutions.Padding;

class ConvolutionsTest {
    /** 1..16 row by row. */
    private static final double[][] RAMP = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}, {13, 14, 15, 16}};
    /** Every weight different, so a flipped or transposed filter gives other numbers. */
    private static final double[][] W = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};

    @Test
    void correlationMatchesSumsWorkedOutByHand() {
        // VALID, top-left window: 1*1+2*2+3*3 + 4*5+5*6+6*7 + 7*9+8*10+9*11 = 348. One column
        // right adds 1 to every pixel (+45 = sum of weights), one row down adds 4 (+180).
        assertArrayEquals(new double[][] {{348, 393}, {528, 573}}, Convolutions.correlate(RAMP, W, Padding.VALID));
        double[][] same = Convolutions.correlate(RAMP, W, Padding.SAME);
        assertEquals(4, same.length);
        assertEquals(4, same[0].length);
        // SAME, corner (0,0): only the filter's lower-right 2x2 lies on the image: 5*1+6*2+8*5+9*6.
        assertEquals(111, same[0][0], 0);
        assertEquals(348, same[1][1], 0); // inner pixels agree with VALID
        assertEquals(573, same[2][2], 0);
        // Convolution flips the filter: 9*1+8*2+7*3 + 6*5+5*6+4*7 + 3*9+2*10+1*11 = 192.
        assertEquals(192, Convolutions.convolve(RAMP, W, Padding.VALID)[0][0], 0);
    }

    @Test
    void correlationMatchesAPlainLoopOverAZeroPaddedCopy() {
        Random rnd = new Random(7);
        double[][] img = random(rnd, 11, 9);
        double[][] f = random(rnd, 5, 5);
        // The independent loop: pad with zeros first, then slide without any bounds checks.
        double[][] padded = new double[11 + 4][9 + 4];
        for (int r = 0; r < 11; r++) System.arraycopy(img[r], 0, padded[r + 2], 2, 9);
        double[][] got = Convolutions.correlate(img, f, Padding.SAME);
        for (int r = 0; r < 11; r++) {
            for (int c = 0; c < 9; c++) {
                double s = 0;
                for (int i = 0; i < 5; i++) for (int j = 0; j < 5; j++) s += f[i][j] * padded[r + i][c + j];
                assertEquals(s, got[r][c], 1e-12, "at " + r + "," + c);
            }
        }
    }

    @Test
    void correlationAgreesWithNd4jConv2dOnRandomImages() {
        Random rnd = new Random(1);
        List<double[][]> imgs = List.of(random(rnd, 13, 17), random(rnd, 13, 17));
        List<Filter> filters = List.of(Convolutions.sobelX(), Convolutions.diagonalTopLeft(), new Filter("random", random(rnd, 3, 3)));
        INDArray x = Convolutions.stack(imgs);
        for (Padding p : Padding.values()) {
            INDArray nd = Convolutions.correlateNd4j(x, filters, p);
            assertArrayEquals(new long[] {2, 3, p == Padding.SAME ? 13 : 11, p == Padding.SAME ? 17 : 15}, nd.shape());
            for (int n = 0; n < 2; n++) {
                for (int f = 0; f < 3; f++) {
                    double[][] ours = Convolutions.correlate(imgs.get(n), filters.get(f), p);
                    double[][] theirs = Convolutions.fromArray(nd.get(NDArrayIndex.point(n), NDArrayIndex.point(f)));
                    assertClose(ours, theirs, 1e-4, p + " image " + n + " filter " + filters.get(f).name());
                }
            }
        }
    }

    @Test
    void correlationIsWhatADl4jConvolutionLayerComputes() {
        // A conv layer with our two filters as its weights, zero bias, identity activation.
        Random rnd = new Random(3);
        double[][] img = random(rnd, 10, 12);
        List<Filter> filters = List.of(Convolutions.topEdge(), new Filter("random", random(rnd, 3, 3)));
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(2).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(10, 12, 1)).build());
        net.init();
        double[][][][] w = {{filters.get(0).weights()}, {filters.get(1).weights()}};
        net.getLayer(0).setParam("W", Nd4j.createFromArray(w));
        net.getLayer(0).setParam("b", Nd4j.zeros(DataType.DOUBLE, 1, 2));
        INDArray out = net.output(Convolutions.stack(List.<double[][]>of(img)).castTo(DataType.DOUBLE));
        for (int f = 0; f < 2; f++) {
            assertClose(Convolutions.correlate(img, filters.get(f), Padding.SAME),
                    Convolutions.fromArray(out.get(NDArrayIndex.point(0), NDArrayIndex.point(f))), 1e-5, "filter " + f); // stack() holds floats
        }
        // And a textbook convolution is NOT what the layer does (the random filter is not symmetric).
        double[][] conv = Convolutions.convolve(img, filters.get(1), Padding.SAME);
        double[][] layer = Convolutions.fromArray(out.get(NDArrayIndex.point(0), NDArrayIndex.point(1)));
        assertTrue(maxAbsDiff(conv, layer) > 0.1);
    }

    @Test
    void convolutionIsCorrelationWithTheFilterTurnedHalfATurn() {
        Random rnd = new Random(5);
        double[][] img = random(rnd, 8, 8);
        Filter f = new Filter("random", random(rnd, 3, 3));
        assertClose(Convolutions.correlate(img, f.rot90(2, "turned"), Padding.SAME), Convolutions.convolve(img, f, Padding.SAME), 0, "conv");
    }

    @Test
    void namedFiltersAreTheCoursesAndTurnLikeNumpysRot90() {
        assertArrayEquals(new double[][] {{-1, 1, 0}, {-1, 1, 0}, {-1, 1, 0}}, Convolutions.leftEdge().weights());
        assertArrayEquals(new double[][] {{0, 0, 0}, {1, 1, 1}, {-1, -1, -1}}, Convolutions.bottomEdge().weights());
        assertArrayEquals(new double[][] {{1, -1.5, 0}, {0, 1, -1.5}, {0, 0, 1}}, Convolutions.diagonalTopRight().weights());
        assertArrayEquals(Convolutions.topEdge().weights(), Convolutions.topEdge().rot90(4, "same").weights());
        assertEquals(8, Convolutions.edgeFilters().size());
        // The record keeps its own copy.
        Filter t = Convolutions.topEdge();
        t.weights()[0][0] = 99;
        assertEquals(-1, t.weights()[0][0], 0);
    }

    @Test
    void sobelOnAVerticalStepEdge() {
        // 5 rows; columns 0-2 are 0, columns 3-5 are 10: the step lies between columns 2 and 3.
        double[][] step = new double[5][6];
        for (double[] row : step) for (int c = 3; c < 6; c++) row[c] = 10;
        // Sobel x on a window centred on column 2 sees (0, 0, 10) in each of its 3 rows, weighted
        // 1, 2, 1: (10 - 0) * (1 + 2 + 1) = 40; centred on column 3 it sees (0, 10, 10): also 40.
        double[][] gx = Convolutions.correlate(step, Convolutions.sobelX(), Padding.VALID);
        double[][] gy = Convolutions.correlate(step, Convolutions.sobelY(), Padding.VALID);
        double[][] mag = Convolutions.sobelMagnitude(step, Padding.VALID);
        for (int r = 0; r < 3; r++) {
            assertArrayEquals(new double[] {0, 40, 40, 0}, gx[r], 0);
            assertArrayEquals(new double[] {0, 0, 0, 0}, gy[r], 0);
            assertArrayEquals(new double[] {0, 40, 40, 0}, mag[r], 0);
        }
        // The edge turned horizontal (dark above, bright below): Sobel y, which is positive where
        // the rows above are brighter, gives (0 - 10) * 4 = -40 on both sides of the step.
        double[][] turned = new double[6][5];
        for (int r = 3; r < 6; r++) java.util.Arrays.fill(turned[r], 10);
        double[][] gy2 = Convolutions.correlate(turned, Convolutions.sobelY(), Padding.VALID);
        assertArrayEquals(new double[] {0, -40, -40, 0}, column(gy2, 1), 0);
        assertArrayEquals(new double[] {0, 40, 40, 0}, column(Convolutions.sobelMagnitude(turned, Padding.VALID), 1), 0);
        // hypot of 3 and 4 is 5.
        assertEquals(5, Convolutions.magnitude(new double[][] {{3}}, new double[][] {{4}})[0][0], 0);
    }

    @Test
    void maxPoolingByHandAndAgainstNd4j() {
        assertArrayEquals(new double[][] {{6, 8}, {14, 16}}, Convolutions.maxPool(RAMP, 2));
        assertArrayEquals(new double[][] {{11}}, Convolutions.maxPool(RAMP, 3)); // the last row and column are dropped
        Random rnd = new Random(11);
        double[][] img = random(rnd, 9, 7);
        INDArray nd = Convolutions.maxPoolNd4j(Convolutions.stack(List.<double[][]>of(img)), 2);
        assertArrayEquals(new long[] {1, 1, 4, 3}, nd.shape());
        assertClose(Convolutions.maxPool(img, 2), Convolutions.fromArray(nd), 1e-6, "pool");
    }

    @Test
    void picturesRoundTrip(@TempDir Path dir) {
        double[][] levels = {{0, 64, 128}, {192, 255, 7}};
        BufferedImage img = Convolutions.toImage(levels, 0, 255);
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, img.getType());
        assertArrayEquals(levels, Convolutions.fromImage(img));
        // Through a PNG file (Java's grey colour space must not brighten the levels).
        Path png = Fixtures.write(dir.resolve("g.png"), img);
        assertArrayEquals(levels, Convolutions.readGrey(png));
        // Stretching for display: smallest black, largest white.
        BufferedImage s = Convolutions.toImage(new double[][] {{-2, 0, 2}});
        assertEquals(0, s.getRaster().getSample(0, 0, 0));
        assertEquals(128, s.getRaster().getSample(1, 0, 0));
        assertEquals(255, s.getRaster().getSample(2, 0, 0));
        // Robust display: 0 is mid-grey; the one outlier (100) saturates, the rest keep their contrast.
        BufferedImage r = Convolutions.toImageRobust(new double[][] {{-1, 0, 0.5, 1, 100}}, 0.8);
        assertArrayEquals(new int[] {0, 128, 191, 255, 255}, r.getRaster().getPixels(0, 0, 5, 1, (int[]) null));
        // A colour pixel becomes its luma.
        BufferedImage rgb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, (200 << 16) | (100 << 8) | 50);
        assertEquals(0.299 * 200 + 0.587 * 100 + 0.114 * 50, Convolutions.fromImage(rgb)[0][0], 1e-9);
        // INDArray round trip, with leading 1s allowed.
        assertArrayEquals(RAMP, Convolutions.fromArray(Convolutions.toArray(RAMP).reshape(1, 1, 4, 4)));
    }

    @Test
    void badInputGivesClearMessages() {
        var e1 = assertThrows(IllegalArgumentException.class, () -> Convolutions.correlate(RAMP, new double[][] {{1, 2, 3}, {4, 5, 6}}, Padding.SAME));
        assertTrue(e1.getMessage().contains("filter") && e1.getMessage().contains("square"), e1.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> Convolutions.correlate(RAMP, new double[][] {{1, 2}, {3, 4}}, Padding.SAME));
        assertTrue(e2.getMessage().contains("filter") && e2.getMessage().contains("odd"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class, () -> new Filter("wide", new double[][] {{1, 2, 3}}));
        assertTrue(e3.getMessage().contains("filter 'wide'") && e3.getMessage().contains("square"), e3.getMessage());
        var e4 = assertThrows(IllegalArgumentException.class, () -> Convolutions.correlate(new double[0][0], W, Padding.SAME));
        assertTrue(e4.getMessage().startsWith("image is empty"), e4.getMessage());
        var e5 = assertThrows(IllegalArgumentException.class, () -> Convolutions.correlate(new double[][] {{1, 2}, {3}}, W, Padding.SAME));
        assertTrue(e5.getMessage().contains("image is ragged"), e5.getMessage());
        var e6 = assertThrows(IllegalArgumentException.class, () -> Convolutions.correlate(new double[][] {{1, 2}}, W, Padding.VALID));
        assertTrue(e6.getMessage().contains("smaller than the 3x3 filter"), e6.getMessage());
        var e7 = assertThrows(IllegalArgumentException.class, () -> Convolutions.maxPool(RAMP, 5));
        assertTrue(e7.getMessage().contains("size is 5"), e7.getMessage());
        var e8 = assertThrows(IllegalArgumentException.class, () -> Convolutions.readGrey(Path.of("data/photos/no-such.png")));
        assertTrue(e8.getMessage().contains("no-such.png") && e8.getMessage().contains("datasets/photos.sh"), e8.getMessage());
        var e9 = assertThrows(IllegalArgumentException.class, () -> Convolutions.correlateNd4j(Nd4j.zeros(2, 3, 8, 8), List.of(Convolutions.topEdge()), Padding.SAME));
        assertTrue(e9.getMessage().contains("[N, 1, height, width]"), e9.getMessage());
        var e10 = assertThrows(IllegalArgumentException.class, () -> Convolutions.fromArray(Nd4j.zeros(2, 4, 4)));
        assertTrue(e10.getMessage().contains("one grey image"), e10.getMessage());
    }

    private static double[][] random(Random rnd, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) for (int c = 0; c < cols; c++) row[c] = rnd.nextGaussian();
        return m;
    }

    private static double[] column(double[][] m, int c) {
        double[] out = new double[m.length];
        for (int r = 0; r < m.length; r++) out[r] = m[r][c];
        return out;
    }

    private static double maxAbsDiff(double[][] a, double[][] b) {
        double d = 0;
        for (int r = 0; r < a.length; r++) for (int c = 0; c < a[0].length; c++) d = Math.max(d, Math.abs(a[r][c] - b[r][c]));
        return d;
    }

    private static void assertClose(double[][] expected, double[][] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": rows");
        assertEquals(expected[0].length, actual[0].length, what + ": columns");
        assertTrue(maxAbsDiff(expected, actual) <= tol, what + ": max difference " + maxAbsDiff(expected, actual));
    }
}
