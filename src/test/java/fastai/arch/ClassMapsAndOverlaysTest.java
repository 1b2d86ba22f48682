package fastai.arch;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.util.List;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Lesson 7's class activation maps and the pictures laid over images, on inputs built by hand. */
class ClassMapsAndOverlaysTest {

    /**
     * A fully convolutional head whose weights are set by hand: its one filter passes channel 0
     * through (3x3 kernel, 1 at the centre), class 1's map copies that filter and class 0's map is
     * zero. So class 1's map is the input's channel 0, and the spot we put there is its argmax.
     */
    static ComputationGraph handWiredHead() {
        ComputationGraph g = Heads.fullyConvolutional(HeadOptions.on(2, 6, 6).classes(2).seed(1), 1);
        INDArray w1 = Nd4j.zeros(DataType.FLOAT, 1, 2, 3, 3);
        w1.putScalar(new long[] {0, 0, 1, 1}, 1f);
        g.getLayer("fcn_conv").setParam("W", w1);
        g.getLayer("fcn_conv").setParam("b", Nd4j.zeros(DataType.FLOAT, 1, 1));
        INDArray w2 = Nd4j.zeros(DataType.FLOAT, 2, 1, 3, 3);
        w2.putScalar(new long[] {1, 0, 1, 1}, 1f);
        g.getLayer(Heads.CLASS_MAPS).setParam("W", w2);
        g.getLayer(Heads.CLASS_MAPS).setParam("b", Nd4j.zeros(DataType.FLOAT, 1, 2));
        return g;
    }

    @Test
    void classMapPeaksWhereTheSpotIs() {
        ComputationGraph g = handWiredHead();
        INDArray x = Nd4j.zeros(DataType.FLOAT, 2, 2, 6, 6);
        x.putScalar(new long[] {0, 0, 2, 4}, 9f);   // image 0: spot at row 2, column 4
        x.putScalar(new long[] {1, 0, 5, 0}, 9f);   // image 1: spot in the bottom-left corner
        x.putScalar(new long[] {1, 1, 0, 0}, 7f);   // channel 1 is ignored by the hand-set filter
        INDArray maps = ClassMaps.of(g, x);
        assertArrayEquals(new long[] {2, 2, 6, 6}, maps.shape(), "[N, classes, h, w]");
        int[][] spots = {{2, 4}, {5, 0}};
        for (int n = 0; n < 2; n++) {
            INDArray m1 = maps.slice(n).slice(1);
            long arg = m1.reshape(36).argMax().getLong(0);
            assertEquals(spots[n][0] * 6 + spots[n][1], arg, "image " + n + ": argmax of class 1's map at row " + spots[n][0] + ", column " + spots[n][1]);
            assertEquals(9.0, m1.maxNumber().doubleValue(), 1e-6);
            assertEquals(9.0 / 36, m1.meanNumber().doubleValue(), 1e-6);
            assertEquals(0.0, maps.slice(n).slice(0).amaxNumber().doubleValue(), 0.0, "class 0's map is zero");
            // the head's scores are softmax of the maps' means: exp(0.25) / (1 + exp(0.25)) for class 1
            double p1 = Math.exp(0.25) / (1 + Math.exp(0.25));
            assertEquals(p1, g.outputSingle(false, x).getDouble(n, 1), 1e-6);
        }
    }

    @Test
    void classMapsRejectAGraphWithoutMaps() {
        ComputationGraph gap = Heads.globalAveragePooling(HeadOptions.on(2, 6, 6).seed(1));
        var e = assertThrows(IllegalArgumentException.class, () -> ClassMaps.of(gap, Nd4j.zeros(DataType.FLOAT, 1, 2, 6, 6)));
        assertTrue(e.getMessage().contains("'" + Heads.CLASS_MAPS + "'") && e.getMessage().contains("fullyConvolutional"), e.getMessage());
    }

    static int[] rgb(BufferedImage img, int x, int y) {
        int p = img.getRGB(x, y);
        return new int[] {(p >> 16) & 255, (p >> 8) & 255, p & 255};
    }

    static BufferedImage gray(int w, int h, int level) {
        BufferedImage g = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) g.setRGB(x, y, (level << 16) | (level << 8) | level);
        return g;
    }

    @Test
    void heatmapColoursTheHighCellRedAndTheLowCellsBlue() {
        // the ramp: t = 1 is (0.5, 0, 0) red, t = 0 is (0, 0, 0.5) blue, t = 0.5 is (0.5, 1, 0.5) on its way through
        assertArrayEquals(new int[] {127, 0, 0}, unpack(Overlays.colour(1f)));
        assertArrayEquals(new int[] {0, 0, 127}, unpack(Overlays.colour(0f)));
        assertArrayEquals(new int[] {127, 255, 127}, unpack(Overlays.colour(0.5f)));

        INDArray map = Nd4j.createFromArray(new float[][] {{-3, -3}, {-3, 5}});   // high bottom-right, any scale
        int s = Overlays.SIDE;
        BufferedImage heat = Overlays.heatmap(gray(28, 28, 200), map, 1.0);
        assertEquals(s, heat.getWidth());
        assertEquals(s, heat.getHeight());
        int[] hot = rgb(heat, s - 1, s - 1), cold = rgb(heat, 0, 0);
        assertArrayEquals(new int[] {127, 0, 0}, hot, "bottom-right corner: the map's maximum, red");
        assertArrayEquals(new int[] {0, 0, 127}, cold, "top-left corner: the map's minimum, blue");

        // alpha blends: 0 gives back the grey image, 0.5 the mean of grey and heat
        assertArrayEquals(new int[] {200, 200, 200}, rgb(Overlays.heatmap(gray(28, 28, 200), map, 0.0), s - 1, s - 1));
        assertArrayEquals(new int[] {164, 100, 100}, rgb(Overlays.heatmap(gray(28, 28, 200), map, 0.5), s - 1, s - 1),
                "round(0.5*200 + 0.5*127) = 164 (163.5 rounds up), round(0.5*200) = 100");

        // a flat map has no hot spot: all of it is the bottom of the ramp, not a division by zero
        BufferedImage flat = Overlays.heatmap(gray(28, 28, 0), Nd4j.valueArrayOf(new long[] {3, 3}, 4f, DataType.FLOAT), 1.0);
        assertArrayEquals(new int[] {0, 0, 127}, rgb(flat, s / 2, s / 2));

        var e = assertThrows(IllegalArgumentException.class, () -> Overlays.heatmap(gray(4, 4, 0), Nd4j.zeros(1, 2, 2), 0.5));
        assertTrue(e.getMessage().contains("[h, w]"), e.getMessage());
    }

    static int[] unpack(int p) { return new int[] {(p >> 16) & 255, (p >> 8) & 255, p & 255}; }

    @Test
    void boxesAreDrawnRedForTruthAndYellowForPredictionsAtTheImagesScale() {
        int s = Overlays.SIDE;
        double scale = (double) s / 28;   // a 28x28 image is drawn SIDE pixels wide
        double[] truth = {4, 4, 10, 10}, predicted = {14, 14, 10, 10};
        BufferedImage img = Overlays.boxes(gray(28, 28, 50), truth, predicted);
        int tx = (int) Math.round(4 * scale), ty = (int) Math.round(9 * scale);         // left edge of the truth box, half-way down
        int px = (int) Math.round(24 * scale), py = (int) Math.round(19 * scale);       // right edge of the predicted box
        assertArrayEquals(new int[] {255, 0, 0}, rgb(img, tx, ty), "truth: red");
        assertArrayEquals(new int[] {255, 255, 0}, rgb(img, px, py), "prediction: yellow");
        assertArrayEquals(new int[] {50, 50, 50}, rgb(img, (int) Math.round(9 * scale), ty), "inside the box: the image");
        assertArrayEquals(new int[] {50, 50, 50}, rgb(Overlays.boxes(gray(28, 28, 50), null, null), tx, ty), "no boxes: just the image");

        INDArray images = Nd4j.zeros(DataType.FLOAT, 3, 1, 28, 28);
        List<BufferedImage> two = Overlays.boxes(images, Nd4j.createFromArray(new double[][] {truth, truth, truth}), null, 2);
        assertEquals(2, two.size());
        var e = assertThrows(IllegalArgumentException.class, () -> Overlays.boxes(gray(28, 28, 0), new double[] {1, 2, 3}, null));
        assertTrue(e.getMessage().contains("4 numbers"), e.getMessage());
    }

    @Test
    void pairsAreImageThenItsClassMap() {
        INDArray images = Nd4j.valueArrayOf(new long[] {3, 1, 6, 6}, 100f, DataType.FLOAT);   // flat grey: only the heat varies
        INDArray maps = Nd4j.zeros(DataType.FLOAT, 3, 2, 6, 6);
        maps.putScalar(new long[] {0, 1, 0, 0}, 1f);   // image 0, class 1: hot top-left
        maps.putScalar(new long[] {1, 0, 5, 5}, 1f);   // image 1, class 0: hot bottom-right
        List<BufferedImage> p = ClassMaps.pairs(images, maps, new int[] {1, 0, 0}, 2);
        assertEquals(4, p.size(), "image, map, image, map");
        int s = Overlays.SIDE;
        // the map picture is half heat (alpha 0.5) on a flat grey: red 127 where hot, 0 where cold, halved: 63.5 apart
        assertEquals(64, rgb(p.get(1), 0, 0)[0] - rgb(p.get(1), s - 1, s - 1)[0], 1, "image 0's class-1 map is hot top-left");
        assertEquals(64, rgb(p.get(3), s - 1, s - 1)[0] - rgb(p.get(3), 0, 0)[0], 1, "image 1's class-0 map is hot bottom-right");
        BufferedImage plain = p.get(0);
        assertEquals(rgb(plain, 0, 0)[0], rgb(plain, plain.getWidth() - 1, plain.getHeight() - 1)[0], "the first picture is the plain (flat) image");
    }
}
