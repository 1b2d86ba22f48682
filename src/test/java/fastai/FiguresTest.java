package fastai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FiguresTest {
    @Test
    void figuresAreRecordedReplacedAndReadBack(@TempDir Path dir) throws Exception {
        String before = System.getProperty("fastai.results");
        System.setProperty("fastai.results", dir.toString());
        try {
            assertEquals(0.91, Figures.record("lessonX", "val_acc", 0.91));
            Figures.record("lessonX", "val_loss", 0.25);
            Figures.record("lessonX", "val_acc", 0.93);
            Path f = dir.resolve("figures/lessonX.json");
            assertEquals(f, Figures.file("lessonX"));
            assertEquals(Map.of("val_acc", 0.93, "val_loss", 0.25), Figures.read(f));
            assertTrue(Files.readString(f).contains("\"mode\""));
            Figures.record("lessonX", "broken", Double.NaN);
            assertTrue(Double.isNaN(Figures.read(f).get("broken")), "a NaN figure is kept as NaN, so the test can name it");
            Files.writeString(f, "{ not json");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Figures.read(f));
            assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Figures.record("../x", "a", 1));
        } finally {
            if (before == null) System.clearProperty("fastai.results"); else System.setProperty("fastai.results", before);
        }
    }
}
