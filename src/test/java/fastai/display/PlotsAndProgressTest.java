package fastai.display;

import fastai.Fixtures;
import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import fastai.Batches;
import fastai.Utils;

class PlotsAndProgressTest {
    @TempDir Path tmp;

    @Test
    void gridScalesSmallImagesAndKeepsColours() {
        INDArray batch = Nd4j.zeros(DataType.FLOAT, 4, 3, 28, 28);
        // image 0 pure red: in BGR that is channel 2
        batch.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(2)).assign(255);
        BufferedImage g = Utils.plots(batch, List.of("a", "b", "c", "d"), 2);
        // 2 rows x 2 columns of 140-pixel cells (28 x 5) plus titles and padding
        assertTrue(g.getWidth() >= 2 * 140 && g.getWidth() < 2 * 140 + 40, "width " + g.getWidth());
        assertTrue(g.getHeight() >= 2 * 140 + 2 * 18 && g.getHeight() < 2 * 140 + 80, "height " + g.getHeight());
        // the middle of the first cell is red
        int rgb = g.getRGB(6 + 70, 6 + 18 + 70) & 0xffffff;
        assertEquals(0xff0000, rgb, Integer.toHexString(rgb));

        List<BufferedImage> one = Plots.toImages(Nd4j.ones(DataType.FLOAT, 1, 1, 5, 5).muli(0.5));
        assertEquals(128, one.get(0).getRaster().getSample(2, 2, 0), 1);   // 0..1 values read as fractions
        var e = assertThrows(IllegalArgumentException.class, () -> Utils.plots(batch, List.of("only one"), 1));
        assertEquals("4 images but 1 titles", e.getMessage());
    }

    @Test
    void plotsOfALabelledBatchAndOfFiles() {
        Path root = Fixtures.classFolders(tmp.resolve("c"), 2, 10, "cats", "dogs");
        Batches b = Utils.getBatches(root, Utils.opts().size(10).batchSize(4).shuffle(false));
        BufferedImage img = Utils.plots(b.next(), b.classes());
        assertTrue(img.getWidth() > 4 * 140);
        BufferedImage f = Utils.plotFiles(b.paths());
        assertEquals(img.getHeight(), f.getHeight());
    }

    @Test
    void progressBarText() {
        ProgressBar bar = new ProgressBar("Epoch 1/2", 4).quiet(true);
        bar.step(64, "loss", 0.5);
        String s = bar.toString();
        assertTrue(s.startsWith("Epoch 1/2 [========>"), s);
        assertTrue(s.contains("1/4  25% loss 0.5000"), s);
        assertTrue(s.contains("ETA"), s);
        assertTrue(s.contains("img/s"), s);
        Map<String, String> m = bar.mimeBundle();
        assertTrue(m.get("text/html").contains("<progress value=\"250\" max=\"1000\""), m.get("text/html"));
        for (int i = 0; i < 3; i++) bar.step(64, "loss", 0.25);
        bar.done("val_acc 0.9");
        s = bar.toString();
        assertTrue(s.contains("4/4 100% loss 0.2500"), s);
        assertFalse(s.contains("ETA"), s);
        assertTrue(s.endsWith("| val_acc 0.9"), s);
        assertEquals("1:05", ProgressBar.time(65));
        assertEquals("12.3 MB", ProgressBar.bytes(12_300_000));
    }

    @Test
    void progressBarDrawsInPlaceInANotebook() {
        List<String> events = new ArrayList<>();
        DisplaySink before = Display.sink();
        Display.setSink(new DisplaySink() {
            @Override public void display(Map<String, String> bundle, String id) { events.add("display " + id); }
            @Override public void update(Map<String, String> bundle, String id) { events.add("update " + id); }
            @Override public void clear(boolean wait) { }
        });
        try {
            ProgressBar bar = new ProgressBar("x", 100);
            for (int i = 0; i < 100; i++) bar.step(1);
            bar.done();
            assertTrue(bar.id().startsWith("progress"));
            assertEquals("display " + bar.id(), events.get(0));
            assertEquals("update " + bar.id(), events.get(events.size() - 1));
            assertTrue(events.size() <= 5, "updates are throttled: " + events.size());
        } finally {
            Display.setSink(before);
        }
    }
}
