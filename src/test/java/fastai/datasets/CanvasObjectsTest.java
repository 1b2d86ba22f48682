package fastai.datasets;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class CanvasObjectsTest {
    static final int R = 5, C = 4, PER = 400;

    /** 2 * PER items of 5x4: class 0 a 2x3 block of value 7..., class 1 a 3x2 block; a zero border so the tight box is smaller than the patch. */
    static byte[] items(int[] classOf) {
        byte[] px = new byte[classOf.length * R * C];
        for (int i = 0; i < classOf.length; i++) {
            classOf[i] = i % 2;
            int h = classOf[i] == 0 ? 2 : 3, w = classOf[i] == 0 ? 3 : 2;
            for (int r = 1; r < 1 + h; r++) for (int c = 1; c < 1 + w; c++) px[i * R * C + r * C + c] = (byte) (10 + r * C + c + (i % 7));
        }
        return px;
    }

    static CanvasObjects.Canvases make(double leak, long seed) {
        int[] cls = new int[2 * PER];
        byte[] px = items(cls);
        return CanvasObjects.generate(px, R, C, cls, PER, new CanvasObjects.Spec(12, new int[] {6, 10}, leak, seed));
    }

    @Test void objectPixelsAreExactlyInTheReportedBoxAndInsideTheCanvas() {
        int[] cls = new int[2 * PER];
        byte[] px = items(cls);
        CanvasObjects.Canvases cv = CanvasObjects.generate(px, R, C, cls, PER, new CanvasObjects.Spec(12, new int[] {6, 10}, 0.8, 3));
        assertEquals(2 * PER, cv.size());
        assertArrayEquals(new long[] {2 * PER, 1, 12, 12}, cv.images().shape());
        float[] img = cv.images().dup().data().asFloat();
        for (int e = 0; e < cv.size(); e++) {
            int[] b = cv.boxes()[e];
            int item = cv.sources()[e];
            assertEquals(cls[item], cv.labels()[e]);
            // the tight box of this item in its own patch is (1,1) of size w x h
            int h = cls[item] == 0 ? 2 : 3, w = cls[item] == 0 ? 3 : 2;
            assertEquals(w, b[2]);
            assertEquals(h, b[3]);
            int side = cv.canvasSide(e), origin = (12 - side) / 2;
            assertTrue(b[0] - 1 >= origin && b[0] - 1 + C <= origin + side, "patch inside the canvas horizontally, example " + e);
            assertTrue(b[1] - 1 >= origin && b[1] - 1 + R <= origin + side, "patch inside the canvas vertically, example " + e);
            for (int y = 0; y < 12; y++) for (int x = 0; x < 12; x++) {
                float v = img[e * 144 + y * 12 + x];
                boolean in = x >= b[0] && x < b[0] + b[2] && y >= b[1] && y < b[1] + b[3];
                if (in) {
                    int r = y - b[1] + 1, c = x - b[0] + 1;   // back to the item's own coordinates
                    assertEquals(px[item * R * C + r * C + c] & 0xff, (int) v, "pixel (" + x + "," + y + ") of example " + e);
                } else {
                    assertEquals(0f, v, "pixel outside the box of example " + e);
                }
            }
        }
    }

    @Test void canvasSizeLeaksTheClassAsOftenAsAsked() {
        CanvasObjects.Canvases full = make(1.0, 1);
        assertEquals(1.0, full.leakRate(), 0.0);
        for (int e = 0; e < full.size(); e++) assertEquals(full.labels()[e] == 0 ? 6 : 10, full.canvasSide(e));
        // leak 0.5 with 2 classes: own side with probability 0.5 + 0.5/2 = 0.75
        assertEquals(0.75, make(0.5, 2).leakRate(), 0.04);
        assertEquals(0.5, make(0.0, 2).leakRate(), 0.04);
        // metadata has the canvas width and height
        assertArrayEquals(new long[] {2 * PER, CanvasObjects.META_LENGTH}, full.meta().shape());
        assertEquals(full.meta().getFloat(0, 0), full.meta().getFloat(0, 1));
    }

    @Test void sameSeedSameData_otherSeedOtherPositions() {
        var a = make(0.8, 7);
        var b = make(0.8, 7);
        var c = make(0.8, 8);
        assertEquals(a.images(), b.images());
        assertArrayEquals(a.boxes(), b.boxes());
        assertNotEquals(a.images(), c.images());
    }

    @Test void oneHotAndBoxArraysMatchTheLists() {
        var a = make(0.8, 7);
        assertEquals(a.labels()[5], a.oneHot().getRow(5).argMax().getInt(0));
        assertEquals(a.boxes()[5][2], a.boxArray().getInt(5, 2));
    }

    @Test void aCanvasSmallerThanTheObjectIsRejectedByName() {
        int[] cls = new int[2 * PER];
        byte[] px = items(cls);
        var e = assertThrows(IllegalArgumentException.class,
                () -> CanvasObjects.generate(px, R, C, cls, PER, new CanvasObjects.Spec(12, new int[] {4, 10}, 0.8, 1)));
        assertTrue(e.getMessage().contains("canvas side 4") && e.getMessage().contains("smaller than the object (5x4)"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> new CanvasObjects.Spec(12, new int[] {6, 14}, 0.8, 1));
        assertTrue(e2.getMessage().contains("sidePerClass"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class,
                () -> CanvasObjects.generate(px, R, C, cls, PER + 1, new CanvasObjects.Spec(12, new int[] {6, 10}, 0.8, 1)));
        assertTrue(e3.getMessage().contains("perClass"), e3.getMessage());
    }
}
