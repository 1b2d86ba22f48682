package fastai.mnist;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Collections;
import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

import fastai.mnist.MnistReport;
import fastai.mnist.MnistTrainer;
import tech.tablesaw.api.Table;

/** The MNIST notebook's summary table: ours beside the course's published figure, rounded, with notes. */
class MnistReportTest {
    static MnistTrainer.Step step(String name, int nets, double acc, double secs, int epochs, long images) {
        return new MnistTrainer.Step(name, Collections.nCopies(nets, (MultiLayerNetwork) null), null, acc, secs, epochs, images);
    }

    @Test
    void oursBesideTheCoursesFigures() {
        Table t = MnistReport.table(List.of(
                step(MnistReport.LINEAR, 1, 0.91234, 1.234, 2, 6_000),
                step(MnistReport.HIDDEN, 1, 0.95678, 2.06, 2, 6_000),
                step(MnistReport.ENSEMBLE, 3, 0.99, 10.0, 1, 6_000),
                step("my own idea", 1, 0.5, 0.0, 1, 100)));
        assertEquals(4, t.rowCount());
        assertEquals(0.9123, t.doubleColumn("test acc (ours)").get(0), 0.0, "rounded to 4 places");
        assertEquals(0.924, t.doubleColumn("test acc (course)").get(0), 0.0, "the course's linear model");
        assertEquals(1.2, t.doubleColumn("s/epoch (ours)").get(0), 0.0);
        assertEquals(2.1, t.doubleColumn("s/epoch (ours)").get(1), 0.0);
        assertTrue(t.doubleColumn("test acc (course)").isMissing(1), "the course published no one-hidden-layer figure: missing, not 0");
        assertEquals("the course published no figure for this", t.stringColumn("note").get(1));
        assertEquals(0.9969, t.doubleColumn("test acc (course)").get(2), 0.0);
        assertEquals("3 models, s/epoch is per model", t.stringColumn("note").get(2));
        assertEquals("not a course step", t.stringColumn("note").get(3));
        assertEquals(6_000, t.intColumn("train images (ours)").get(0));
        assertEquals(2, t.intColumn("epochs (ours)").get(0));
        assertEquals("", t.stringColumn("note").get(0));
    }

    @Test
    void noStepsIsAnError() {
        var e = assertThrows(IllegalArgumentException.class, () -> MnistReport.table(List.of()));
        assertEquals("no steps to report", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MnistReport.table(null));
    }
}
