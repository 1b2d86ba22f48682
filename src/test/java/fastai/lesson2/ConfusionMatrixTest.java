package fastai.lesson2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class ConfusionMatrixTest {
    @Test void countsRowsTrueColumnsPredicted() {
        ConfusionMatrix m = ConfusionMatrix.of(new int[] {0, 0, 1, 1, 1, 2}, new int[] {0, 1, 1, 1, 2, 2}, "cat", "dog", "fox");
        assertArrayEquals(new long[] {1, 1, 0}, m.counts()[0]);
        assertArrayEquals(new long[] {0, 2, 1}, m.counts()[1]);
        assertArrayEquals(new long[] {0, 0, 1}, m.counts()[2]);
        assertEquals(6, m.total());
        assertEquals(4.0 / 6, m.accuracy(), 1e-12);
        Table t = m.table();
        assertEquals(List.of("true \\ predicted", "cat", "dog", "fox"), t.columnNames());
        assertEquals("dog", t.getString(1, 0));
        assertEquals(2, t.intColumn("dog").get(1));
        assertEquals(1, t.intColumn("fox").get(1));
    }

    @Test void fromProbabilitiesThresholdsAtHalf() {
        ConfusionMatrix m = ConfusionMatrix.fromProbabilities(PredictionViewsTest.P, PredictionViewsTest.Y, "cats", "dogs");
        assertArrayEquals(new long[] {2, 2}, m.counts()[0]);
        assertArrayEquals(new long[] {2, 2}, m.counts()[1]);
        assertEquals(List.of("cats", "dogs"), m.classNames());
    }

    @Test void classesFromTheLargestIndexWhenUnnamed() {
        ConfusionMatrix m = ConfusionMatrix.of(new int[] {0, 3}, new int[] {0, 3});
        assertEquals(4, m.numClasses());
        assertEquals(List.of("0", "1", "2", "3"), m.classNames());
    }

    @Test void drawsAHeatMapWithTheCounts() {
        ConfusionMatrix m = ConfusionMatrix.of(new int[] {0, 0, 1, 1, 1}, new int[] {0, 1, 1, 1, 0}, "cats", "dogs");
        BufferedImage img = m.image();
        assertTrue(img.getWidth() > 200 && img.getHeight() > 200);
        // the largest count's cell is dark blue, an empty image would be white
        boolean dark = false;
        for (int y = 0; y < img.getHeight() && !dark; y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                if (((rgb >> 16) & 255) < 30 && (rgb & 255) > 90) { dark = true; break; }
            }
        }
        assertTrue(dark, "no dark-blue cell drawn");
        Map<String, String> b = m.mimeBundle();
        assertTrue(b.containsKey("image/png"));
        assertTrue(b.get("text/plain").contains("dogs"));
    }

    @Test void badInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(new int[] {0, 1}, new int[] {0}));
        assertEquals("actual has 2 values but predicted has 1; they must match", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(new int[] {0, 2}, new int[] {0, 1}, "a", "b"));
        assertEquals("actual[1] = 2 is not a class index in [0, 1]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(new int[] {0, -1}, new int[] {0, 1}));
        assertEquals("actual[1] = -1 is not a class index in [0, 1]", e.getMessage());
    }
}
