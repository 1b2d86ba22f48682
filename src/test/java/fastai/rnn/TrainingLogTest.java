package fastai.rnn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

import tech.tablesaw.api.Table;

/** The per-model record lesson 7 plots and tabulates: rates and rounding worked out by hand. */
class TrainingLogTest {
    @Test
    void ratesComeFromTheWorkAdded() {
        TrainingLog log = new TrainingLog("RNN", 64, 12_345);
        assertTrue(Double.isNaN(log.finalLoss()), "nothing logged yet");
        assertTrue(Double.isNaN(log.secondsPerEpoch()));
        assertTrue(Double.isNaN(log.charsPerSecond()));
        assertTrue(Double.isNaN(log.validLoss()), "no validation loss until one is set");
        log.addWork(1.5, 3_000, 0.25);
        log.addWork(2.5, 5_000, 0.25);
        log.addPoint(0.25, 3.1);
        log.addPoint(0.5, 2.4);
        log.setValidLoss(2.6);
        assertEquals(4.0, log.seconds(), 1e-12);
        assertEquals(8_000, log.charsSeen());
        assertEquals(0.5, log.epochsDone(), 1e-12);
        assertEquals(2_000.0, log.charsPerSecond(), 1e-9);      // 8,000 chars in 4 s
        assertEquals(8.0, log.secondsPerEpoch(), 1e-9);          // 4 s for half an epoch
        assertEquals(2.4, log.finalLoss(), 0.0);
        assertEquals(List.of(0.25, 0.5), log.epochs());
        assertEquals("RNN: 0.50 epochs in 4.0 s (8.0 s/epoch, 2000 chars/s), final training loss 2.4000, validation loss 2.6000", log.toString());
    }

    @Test
    void tableHasOneRoundedRowPerModelAndTheChartOneLinePerLoggedModel() {
        TrainingLog a = new TrainingLog("RNN", 64, 12_345), b = new TrainingLog("GRU", 32, 6_000), empty = new TrainingLog("not trained", 8, 10);
        a.addWork(3.0, 9_000, 1.0 / 3);
        a.addPoint(1.0 / 3, 2.123456);
        a.setValidLoss(2.3456789);
        b.addWork(1.0, 1_000, 0.5);
        b.addPoint(0.5, 3.0);
        Table t = TrainingLog.table(List.of(a, b, empty));
        assertEquals(3, t.rowCount());
        assertEquals("RNN", t.stringColumn("model").get(0));
        assertEquals(64, t.intColumn("hidden").get(0));
        assertEquals(12_345L, t.longColumn("parameters").get(0));
        assertEquals(0.33, t.doubleColumn("epochs").get(0), 0.0);
        assertEquals(9.0, t.doubleColumn("s/epoch").get(0), 1e-9);   // 3 s for a third of an epoch
        assertEquals(3_000.0, t.doubleColumn("chars/s").get(0), 0.0);
        assertEquals(2.1235, t.doubleColumn("final train loss").get(0), 0.0);
        assertEquals(2.3457, t.doubleColumn("valid loss").get(0), 0.0);
        assertTrue(t.doubleColumn("valid loss").isMissing(1), "GRU has no validation loss: missing, not 0");
        assertTrue(t.doubleColumn("s/epoch").isMissing(2), "the untrained model has no rate: missing, not 0");

        XYChart chart = TrainingLog.lossChart("loss", List.of(a, b, empty));
        assertEquals(List.of("RNN", "GRU"), chart.getSeriesCollection().stream().map(s -> s.getName()).toList(), "a model with no points gets no line");
    }
}
